import { randomBytes } from 'node:crypto'
import { applyConfigText, type ApplyOptions, type ApplyResult } from '../../../src/apply/index.ts'
import type { PrismaClient } from '../../../src/generated/prisma/client.ts'
import { SecretBox } from '../../../src/storage/secret-box.ts'
import { openTestDatabase, type TestDatabase } from '../../support/database.ts'

/** A migrated test database and what applying a config to it needs. */
export interface ApplyHarness {
  readonly database: TestDatabase
  readonly prisma: PrismaClient
  readonly secrets: SecretBox
  apply(text: string, options?: Partial<ApplyOptions>): Promise<ApplyResult>
}

export async function openApplyHarness(): Promise<ApplyHarness> {
  const database = await openTestDatabase()
  const prisma = database.db.prisma
  const secrets = new SecretBox(randomBytes(32))
  return {
    database,
    prisma,
    secrets,
    apply: (text, options) => applyConfigText(text, 'test.yaml', { dryRun: false, prune: false, ...options }, { db: database.db, secrets }),
  }
}

/** Every row of every table, as JSON text, sorted: equal dumps mean an unchanged database. */
export async function dumpTables(prisma: PrismaClient): Promise<Record<string, string[]>> {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )
  const dump: Record<string, string[]> = {}
  for (const { name } of tables) {
    const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t ORDER BY 1`)
    dump[name] = rows.map((row) => row.row)
  }
  return dump
}

/** Row count of each table the apply writes. */
export async function rowCounts(prisma: PrismaClient): Promise<Record<string, number>> {
  const dump = await dumpTables(prisma)
  return Object.fromEntries(Object.entries(dump).filter(([name]) => !name.startsWith('_')).map(([name, rows]) => [name, rows.length]))
}
