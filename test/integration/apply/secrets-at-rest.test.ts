import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { baseYaml, exampleYaml } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { dumpTables, openApplyHarness, type ApplyHarness } from './apply-harness.ts'

const plaintexts = [
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', // base.yaml: alice's secret
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', // base.yaml: root secret
  'ExampleSecretKey/stsgate/DoNotUse+000001', // example: alice's secret
  'JBSWY3DPEHPK3PXP', // the first half of both files' MFA seed
]

describe(`secrets at rest on ${backend}`, () => {
  let harness: ApplyHarness
  beforeEach(async () => {
    harness = await openApplyHarness()
    await harness.apply(baseYaml)
    await harness.apply(exampleYaml)
  })
  afterEach(async () => { await harness.database.close() })

  it('stores no secret or seed in plaintext, in access_keys, mfa_devices or anywhere else', async () => {
    const keys = await harness.prisma.$queryRawUnsafe<{ row: string }[]>('SELECT row_to_json(k)::text AS row FROM access_keys k')
    const devices = await harness.prisma.$queryRawUnsafe<{ row: string }[]>('SELECT row_to_json(d)::text AS row FROM mfa_devices d')
    expect(keys).toHaveLength(3)
    expect(devices).toHaveLength(2)
    const everything = JSON.stringify(await dumpTables(harness.prisma))
    for (const text of [...keys.map((row) => row.row), ...devices.map((row) => row.row), everything]) {
      // row_to_json leaves "/" and "+" unescaped: a stored plaintext would appear verbatim.
      for (const secret of plaintexts) expect(text).not.toContain(secret)
    }
    for (const row of [...keys, ...devices]) expect(row.row).toMatch(/"(secret|seed)_ciphertext":"v1\.[A-Za-z0-9_-]+"/)
  })

  it('seals each secret for its own row: it opens only under its own context', async () => {
    const [key] = await harness.prisma.$queryRawUnsafe<{ id: string; secret_ciphertext: string }[]>(
      `SELECT id, secret_ciphertext FROM access_keys WHERE id = 'AKIAIOSFODNN7EXAMPLE'`)
    expect(harness.secrets.open(key!.secret_ciphertext, 'access-key:AKIAIOSFODNN7EXAMPLE')).toBe(plaintexts[0])
    expect(() => harness.secrets.open(key!.secret_ciphertext, 'access-key:AKIAJ2EXAMPLEROOTKEY')).toThrow()
    const [device] = await harness.prisma.$queryRawUnsafe<{ serial_number: string; seed_ciphertext: string }[]>(
      `SELECT serial_number, seed_ciphertext FROM mfa_devices WHERE account_id = '111122223333'`)
    expect(harness.secrets.open(device!.seed_ciphertext, `mfa-seed:${device!.serial_number}`)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')
    expect(() => harness.secrets.open(device!.seed_ciphertext, 'access-key:AKIAIOSFODNN7EXAMPLE')).toThrow()
  })
})
