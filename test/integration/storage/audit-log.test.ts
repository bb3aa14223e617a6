import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditLog, type AuditRecord } from '../../../src/storage/audit-log.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

const record = (requestId: string, overrides: Partial<AuditRecord> = {}): AuditRecord =>
  ({ requestId, service: 'sts', action: 'GetCallerIdentity', outcome: 'success', detail: { n: requestId }, ...overrides })

describe(`audit log group commit on ${backend}`, () => {
  let test: TestDatabase
  let audit: AuditLog
  beforeAll(async () => { test = await openTestDatabase(); audit = new AuditLog(test.db) })
  afterAll(() => test.close())

  it('commits every row of concurrent calls before each call returns', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `burst-${i}`)
    await Promise.all(ids.map(async (id) => {
      await audit.record(record(id))
      // Committed by the time record() resolves: visible to another read right away.
      expect(await test.db.prisma.auditEvent.count({ where: { requestId: id } })).toBe(1)
    }))
    expect(await test.db.prisma.auditEvent.count({ where: { requestId: { startsWith: 'burst-' } } })).toBe(250)
  })

  it('fails only the call whose row cannot be written, not the others batched with it', async () => {
    const good = Array.from({ length: 10 }, (_, i) => audit.record(record(`mixed-${i}`)))
    const bad = audit.record(record('mixed-bad', { outcome: 'neither' as AuditRecord['outcome'] }))
    const results = await Promise.allSettled([...good, bad])
    expect(results.slice(0, 10).every((result) => result.status === 'fulfilled')).toBe(true)
    expect(results[10]!.status).toBe('rejected')
    expect(await test.db.prisma.auditEvent.count({ where: { requestId: { startsWith: 'mixed-' } } })).toBe(10)
  })
})

describe(`audit log input Postgres cannot store on ${backend}`, () => {
  let test: TestDatabase
  beforeAll(async () => { test = await openTestDatabase() })
  afterAll(() => test.close())

  it('records U+0000 from a caller as U+FFFD instead of failing the call', async () => {
    await new AuditLog(test.db).record(record('nul', { userAgent: 'agent\u0000x', detail: { requestParameters: { RoleSessionName: 'a\u0000b' } } }))
    const row = await test.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: 'nul' } })
    expect(row.userAgent).toBe('agent\ufffdx')
    expect(row.detail).toEqual({ requestParameters: { RoleSessionName: 'a\ufffdb' } })
  })
})
