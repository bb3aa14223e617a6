import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../../src/config/config-error.ts'
import { AuditLog } from '../../../src/storage/audit-log.ts'
import { KeyRing } from '../../../src/storage/key-ring.ts'
import { bindMasterKey } from '../../../src/storage/master-key.ts'
import { ensureDefaultAccount } from '../../../src/storage/root-credentials-store.ts'
import { accessKeySecretContext } from '../../../src/storage/secret-contexts.ts'
import { SecretBox } from '../../../src/storage/secret-box.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

const ACCOUNT = '111122223333'
const rawRows = async (test: TestDatabase, table: string) =>
  JSON.stringify(await test.db.prisma.$queryRawUnsafe(`SELECT * FROM ${table}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v))

describe(`secrets at rest and the default account on ${backend}`, () => {
  let test: TestDatabase
  const secrets = new SecretBox(randomBytes(32))
  beforeAll(async () => { test = await openTestDatabase() })
  afterAll(() => test.close())

  it('generates root credentials once, stores the secret sealed, and generates nothing on the next start', async () => {
    const generated = await ensureDefaultAccount(test.db.prisma, secrets, ACCOUNT, undefined)
    expect(generated?.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/)
    const row = await test.db.prisma.accessKey.findUniqueOrThrow({ where: { id: generated!.accessKeyId } })
    expect(row).toMatchObject({ accountId: ACCOUNT, userId: null, status: 'Active' })
    expect(secrets.open(row.secretCiphertext, accessKeySecretContext(row.id))).toBe(generated!.secretAccessKey)
    expect(await rawRows(test, 'access_keys')).not.toContain(generated!.secretAccessKey)
    expect(await ensureDefaultAccount(test.db.prisma, secrets, ACCOUNT, undefined)).toBeUndefined()
    expect(await test.db.prisma.accessKey.count({ where: { accountId: ACCOUNT } })).toBe(1)
  })

  it('creates configured root credentials and brings them up to date when the secret changes', async () => {
    const configured = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
    expect(await ensureDefaultAccount(test.db.prisma, secrets, ACCOUNT, configured)).toBeUndefined()
    await test.db.prisma.accessKey.update({ where: { id: configured.accessKeyId }, data: { status: 'Inactive' } })
    const rotated = { ...configured, secretAccessKey: 'A'.repeat(40) }
    await ensureDefaultAccount(test.db.prisma, secrets, ACCOUNT, rotated)
    const row = await test.db.prisma.accessKey.findUniqueOrThrow({ where: { id: configured.accessKeyId } })
    expect(row.status).toBe('Active')
    expect(secrets.open(row.secretCiphertext, accessKeySecretContext(row.id))).toBe('A'.repeat(40))
    expect(await rawRows(test, 'access_keys')).not.toContain('A'.repeat(40))
  })

  it('refuses configured root credentials whose key id belongs to another account', async () => {
    const configured = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'A'.repeat(40) }
    await expect(ensureDefaultAccount(test.db.prisma, secrets, '444455556666', configured)).rejects.toThrow(
      new ConfigError('STSGATE_ROOT_ACCESS_KEY_ID', 'already belongs to another account or to an IAM user'),
    )
  })

  it('seals key-ring material, keeps one active key per purpose, and still lists retired keys', async () => {
    const ring = new KeyRing(test.db.prisma, secrets)
    const material = randomBytes(32).toString('base64')
    const first = await ring.activeKey('session-token', () => ({ id: 'k1', algorithm: 'A256GCM', material }))
    expect(first).toMatchObject({ id: 'k1', material, retiredAt: null })
    expect((await ring.activeKey('session-token', () => { throw new Error('must not generate') })).id).toBe('k1')
    await ring.retire('k1')
    const second = await ring.activeKey('session-token', () => ({ id: 'k2', algorithm: 'A256GCM', material: 'm2' }))
    expect(second.id).toBe('k2')
    expect((await ring.keys('session-token')).map((key) => [key.id, key.retiredAt === null])).toEqual([['k2', true], ['k1', false]])
    expect(await rawRows(test, 'key_ring_keys')).not.toContain(material)
  })

  it('binds the master key on first use and refuses a different one afterwards', async () => {
    await bindMasterKey(test.db.prisma, secrets)
    await bindMasterKey(test.db.prisma, secrets)
    await expect(bindMasterKey(test.db.prisma, new SecretBox(randomBytes(32)))).rejects.toThrow(
      'invalid configuration: STSGATE_MASTER_KEY: does not match the key this database was initialised with',
    )
  })

  it('appends audit events', async () => {
    const audit = new AuditLog(test.db)
    await audit.record({ requestId: 'r-1', service: 'sts', action: 'GetCallerIdentity', outcome: 'success', accountId: ACCOUNT })
    await audit.record({ requestId: 'r-2', service: 'sts', action: 'AssumeRole', outcome: 'failure', errorCode: 'AccessDenied' })
    expect((await audit.recent(2)).map((event) => [event.requestId, event.outcome, event.errorCode])).toEqual([
      ['r-2', 'failure', 'AccessDenied'],
      ['r-1', 'success', null],
    ])
  })
})
