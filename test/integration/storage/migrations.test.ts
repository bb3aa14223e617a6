import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseOverPglite } from '../../../src/storage/database.ts'
import { migrationFiles } from '../../../src/storage/migrations.ts'
import { backend, openTestDatabase, postgresUrl, type TestDatabase } from '../../support/database.ts'

// The development stand-in for Prisma's schema engine (../shared/tools), present on dev machines and CI.
const STAND_IN_ENGINE = new URL('../../../../shared/tools/prisma-engine/schema-engine', import.meta.url).pathname

describe(`migrations on ${backend}`, () => {
  let test: TestDatabase | undefined
  afterEach(async () => { await test?.close(); test = undefined })

  it('records every migration in _prisma_migrations with its sha256 checksum, and a rerun applies nothing', async () => {
    test = await openTestDatabase()
    const rows = await test.db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    )
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(
      migrationFiles().map((file) => [file.name, file.checksum]),
    )
    expect(rows.every((row) => row.finished_at !== null)).toBe(true)
    expect(await test.db.migrate()).toEqual({ applied: [] })
    expect(await test.db.migrationStatus()).toEqual({ current: true, pending: [], failed: [], modified: [] })
  })

  it('enforces the invariants the schema cannot express', async () => {
    test = await openTestDatabase()
    await expect(test.db.prisma.account.create({ data: { id: '12345' } })).rejects.toThrow()
    await test.db.prisma.account.create({ data: { id: '111122223333' } })
    await expect(test.db.prisma.role.create({
      data: { id: 'AROAEXAMPLE', accountId: '111122223333', name: 'r', nameKey: 'r', trustPolicy: '{}', maxSessionDuration: 3599 },
    })).rejects.toThrow()
  })

  it.skipIf(!postgresUrl || !existsSync(STAND_IN_ENGINE))('leaves a database that `prisma migrate status` calls up to date', async () => {
    test = await openTestDatabase()
    const { stdout } = await promisify(execFile)('npx', ['prisma', 'migrate', 'status'], {
      env: { ...process.env, DATABASE_URL: test.url, PRISMA_SCHEMA_ENGINE_BINARY: STAND_IN_ENGINE },
    })
    const count = migrationFiles().length
    expect(stdout).toContain(`${count} migration${count === 1 ? '' : 's'} found in prisma/migrations`)
    expect(stdout).toContain('Database schema is up to date!')
  })
})

describe('migration runner refusals', () => {
  const withHistoryRow = async (checksum: string, finished: boolean) => {
    const db = databaseOverPglite(await PGlite.create())
    await db.prisma.$executeRawUnsafe(`CREATE TABLE "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`)
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at) VALUES ('x', $1, $2, ${finished ? 'now()' : 'NULL'})`,
      checksum, migrationFiles()[0]!.name,
    )
    return db
  }

  it('refuses to continue after a failed migration, pointing at `prisma migrate resolve`', async () => {
    const db = await withHistoryRow(migrationFiles()[0]!.checksum, false)
    const name = migrationFiles()[0]!.name
    await expect(db.migrate()).rejects.toThrow(
      `migration ${name} failed earlier; fix the database, then run \`prisma migrate resolve --rolled-back ${name}\``,
    )
    expect((await db.migrationStatus()).failed).toEqual([name])
    await db.close()
  })

  it('refuses a migration edited after it was applied', async () => {
    const db = await withHistoryRow('0'.repeat(64), true)
    await expect(db.migrate()).rejects.toThrow(`migration ${migrationFiles()[0]!.name} was edited after it was applied`)
    expect((await db.migrationStatus()).current).toBe(false)
    await db.close()
  })
})
