import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests open real databases (PGlite in-process or Postgres) and spawn the real CLI.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
