import { afterEach, describe, expect, it } from 'vitest'
import { migrationFiles } from '../../../src/storage/migrations.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

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
})
