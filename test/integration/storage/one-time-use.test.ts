import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OneTimeUseStore } from '../../../src/storage/one-time-use-store.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

describe(`one-time-use records on ${backend}`, () => {
  let test: TestDatabase
  let store: OneTimeUseStore
  beforeAll(async () => { test = await openTestDatabase(); store = new OneTimeUseStore(test.db.prisma) })
  afterAll(() => test.close())

  const inAnHour = () => new Date(Date.now() + 3_600_000)

  it('accepts a value once and refuses it while the first use is unexpired', async () => {
    expect(await store.consume('saml-assertion', '_id-1', inAnHour())).toBe(true)
    expect(await store.consume('saml-assertion', '_id-1', inAnHour())).toBe(false)
  })

  it('keeps kinds apart', async () => {
    expect(await store.consume('jwt-id', 'shared', inAnHour())).toBe(true)
    expect(await store.consume('signin-token', 'shared', inAnHour())).toBe(true)
  })

  it('lets exactly one of many concurrent consumers win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => store.consume('device-code', 'race', inAnHour())))
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('stores only a digest of the value', async () => {
    await store.consume('signin-token', 'very-secret-signin-token', inAnHour())
    const rows = await test.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM one_time_uses')
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('very-secret-signin-token')
  })

  it('forgets expired records: purge drops them, and an expired record no longer blocks', async () => {
    const past = new Date(Date.now() - 1000)
    expect(await store.consume('jwt-id', 'old', past)).toBe(true)
    expect(await store.consume('jwt-id', 'old', inAnHour())).toBe(true)
    expect(await store.consume('jwt-id', 'older', past)).toBe(true)
    expect(await store.purgeExpired()).toBe(1)
    expect(await test.db.prisma.oneTimeUse.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0)
    expect(await store.consume('jwt-id', 'old', inAnHour())).toBe(false)
  })
})
