// Used only by the Prisma CLI in development (migrate diff, generate). The service applies
// migrations itself (src/storage/migrations.ts) and never runs the CLI.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'pglite:memory' },
})
