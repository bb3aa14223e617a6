import { randomBytes } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyConfigText } from '../../../src/apply/index.ts'
import { ServiceError } from '../../../src/errors.ts'
import { MfaDeviceStore } from '../../../src/storage/mfa-device-store.ts'
import { ensureDefaultAccount } from '../../../src/storage/root-credentials-store.ts'
import { SecretBox } from '../../../src/storage/secret-box.ts'
import { verifyMfa, type MfaOwner } from '../../../src/sts/mfa-check.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

const ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '444455556666'
const serial = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:mfa/${name}`

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const seed = () => Array.from(randomBytes(32), (byte) => BASE32[byte & 31]).join('')

// One device per test, so each starts with no accepted time step.
const ALICE_DEVICES = ['accept', 'replay', 'previous', 'previous-after-current', 'window', 'wrong', 'race', 'role', 'message'] as const
const SEEDS = Object.fromEntries([...ALICE_DEVICES, 'bob-phone', 'spare', 'other-account'].map((name) => [name, seed()]))

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
      - name: bob
    mfaDevices:
${ALICE_DEVICES.map((name) => `      - { name: ${name}, seed: ${SEEDS[name]}, user: alice }`).join('\n')}
      - { name: bob-phone, seed: ${SEEDS['bob-phone']}, user: bob }
      - { name: spare, seed: ${SEEDS.spare} }
  - id: "${OTHER_ACCOUNT}"
    users:
      - name: alice
    mfaDevices:
      - { name: other-account, seed: ${SEEDS['other-account']}, user: alice }
`

const STEP_MS = 30_000
/** Mid-step, so ±1 s of drift stays in the same step. */
const NOW = new Date(Date.UTC(2026, 4, 1, 12, 0, 15))
const at = (steps: number, base = NOW) => new Date(base.getTime() + steps * STEP_MS)
const stepOf = (time: Date) => Math.floor(time.getTime() / STEP_MS)

/** The code an authenticator app shows for the device at `time` (RFC 6238: SHA-1, 6 digits, 30 s). */
const codeAt = (device: string, time: Date) =>
  new TOTP({ secret: Secret.fromBase32(SEEDS[device]!), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: time.getTime() })

const MFA_FAILED = { code: 'AccessDenied', status: 403, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' }

describe(`MFA one-time codes against stored devices on ${backend}`, () => {
  let test: TestDatabase
  let devices: MfaDeviceStore
  let alice: MfaOwner
  let bob: MfaOwner
  const roleSession: MfaOwner = { accountId: ACCOUNT, userId: undefined }

  beforeAll(async () => {
    test = await openTestDatabase()
    const secrets = new SecretBox(randomBytes(32))
    await ensureDefaultAccount(test.db.prisma, secrets, ACCOUNT, undefined)
    await applyConfigText(CONFIG, 'test.yaml', { dryRun: false, prune: false }, { db: test.db, secrets })
    devices = new MfaDeviceStore(test.db.prisma, secrets)
    const userId = async (name: string) => (await test.db.prisma.iamUser.findFirstOrThrow({ where: { accountId: ACCOUNT, name } })).id
    alice = { accountId: ACCOUNT, userId: await userId('alice') }
    bob = { accountId: ACCOUNT, userId: await userId('bob') }
  })
  afterAll(() => test?.close())

  const verify = (device: string | undefined, code: string | undefined, owner: MfaOwner, now: Date) =>
    verifyMfa({ ...(device !== undefined && { serialNumber: serial(device) }), ...(code !== undefined && { tokenCode: code }) }, owner, devices, now)

  /** The refusal verifyMfa rejects with, as { code, status, message }. */
  const refusal = (promise: Promise<unknown>) => promise.then(
    () => { throw new Error('expected the MFA check to fail') },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ServiceError)
      const { code, status, message } = error as ServiceError
      return { code, status, message }
    },
  )

  const lastStep = async (device: string) =>
    (await test.db.prisma.mfaDevice.findUniqueOrThrow({ where: { serialNumber: serial(device) } })).lastUsedTimeStep

  it('stores the declared devices with their seeds sealed and opens them again', async () => {
    const stored = await devices.find(serial('accept'))
    expect(stored).toEqual({ serialNumber: serial('accept'), accountId: ACCOUNT, userId: alice.userId, seed: SEEDS.accept })
    const row = await test.db.prisma.mfaDevice.findUniqueOrThrow({ where: { serialNumber: serial('accept') } })
    expect(row.seedCiphertext).not.toContain(SEEDS.accept)
  })

  it('accepts the current code of the caller\'s device and returns when MFA was verified', async () => {
    const verifiedAt = await verify('accept', codeAt('accept', NOW), alice, NOW)
    expect(verifiedAt).toEqual(NOW)
    expect(await lastStep('accept')).toBe(BigInt(stepOf(NOW)))
  })

  it('refuses the same code a second time, in the same step or the next', async () => {
    const code = codeAt('replay', NOW)
    expect(await verify('replay', code, alice, NOW)).toEqual(NOW)
    expect(await refusal(verify('replay', code, alice, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verify('replay', code, alice, new Date(NOW.getTime() + 10_000)))).toEqual(MFA_FAILED)
    expect(await refusal(verify('replay', code, alice, at(1)))).toEqual(MFA_FAILED)
  })

  it('accepts the previous step\'s code once when no later step was used, then the current one', async () => {
    const previous = codeAt('previous', at(-1))
    expect(await verify('previous', previous, alice, NOW)).toEqual(NOW)
    expect(await lastStep('previous')).toBe(BigInt(stepOf(NOW) - 1))
    expect(await refusal(verify('previous', previous, alice, NOW))).toEqual(MFA_FAILED)
    expect(await verify('previous', codeAt('previous', NOW), alice, NOW)).toEqual(NOW)
    expect(await lastStep('previous')).toBe(BigInt(stepOf(NOW)))
  })

  it('refuses the previous step\'s code once the current step was used', async () => {
    expect(await verify('previous-after-current', codeAt('previous-after-current', NOW), alice, NOW)).toEqual(NOW)
    expect(await refusal(verify('previous-after-current', codeAt('previous-after-current', at(-1)), alice, NOW))).toEqual(MFA_FAILED)
  })

  it('accepts one step either side of now, never two', async () => {
    expect(await refusal(verify('window', codeAt('window', at(-2)), alice, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verify('window', codeAt('window', at(2)), alice, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verify('window', codeAt('window', at(10)), alice, NOW))).toEqual(MFA_FAILED)
    // The refusals recorded nothing.
    expect(await lastStep('window')).toBeNull()
    expect(await verify('window', codeAt('window', at(1)), alice, NOW)).toEqual(NOW)
    expect(await lastStep('window')).toBe(BigInt(stepOf(NOW) + 1))
    // Having used the next step's code, the current one is stale.
    expect(await refusal(verify('window', codeAt('window', NOW), alice, NOW))).toEqual(MFA_FAILED)
  })

  it('refuses a wrong code, and the code of another device', async () => {
    const right = codeAt('wrong', NOW)
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    expect(await refusal(verify('wrong', wrong, alice, NOW))).toEqual(MFA_FAILED)
    const otherDevicesCode = codeAt('accept', NOW)
    if (otherDevicesCode !== right) expect(await refusal(verify('wrong', otherDevicesCode, alice, NOW))).toEqual(MFA_FAILED)
    expect(await lastStep('wrong')).toBeNull()
  })

  it('refuses a device enabled for another user, even with its right code', async () => {
    expect(await refusal(verify('bob-phone', codeAt('bob-phone', NOW), alice, NOW))).toEqual(MFA_FAILED)
    expect(await lastStep('bob-phone')).toBeNull()
    expect(await verify('bob-phone', codeAt('bob-phone', NOW), bob, NOW)).toEqual(NOW)
  })

  it('accepts, for a role session, a device of any user of the account', async () => {
    expect(await verify('role', codeAt('role', NOW), roleSession, NOW)).toEqual(NOW)
  })

  it('refuses a device of another account, and one not enabled for any user', async () => {
    const otherAccount = verifyMfa({ serialNumber: serial('other-account', OTHER_ACCOUNT), tokenCode: codeAt('other-account', NOW) }, alice, devices, NOW)
    expect(await refusal(otherAccount)).toEqual(MFA_FAILED)
    const otherAccountRole = verifyMfa({ serialNumber: serial('other-account', OTHER_ACCOUNT), tokenCode: codeAt('other-account', NOW) }, roleSession, devices, NOW)
    expect(await refusal(otherAccountRole)).toEqual(MFA_FAILED)
    expect(await refusal(verify('spare', codeAt('spare', NOW), roleSession, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verify('spare', codeAt('spare', NOW), alice, NOW))).toEqual(MFA_FAILED)
  })

  it('refuses a serial number without a code, a code without a serial number, and an unknown serial number, with one message', async () => {
    expect(await refusal(verify('message', undefined, alice, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verify(undefined, codeAt('message', NOW), alice, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verify('no-such-device', codeAt('message', NOW), alice, NOW))).toEqual(MFA_FAILED)
    expect(await refusal(verifyMfa({ serialNumber: 'GAHT12345678', tokenCode: '123456' }, alice, devices, NOW))).toEqual(MFA_FAILED)
    // None of that used the device's code.
    expect(await verify('message', codeAt('message', NOW), alice, NOW)).toEqual(NOW)
  })

  it('returns undefined when neither a serial number nor a code is given', async () => {
    expect(await verifyMfa({}, alice, devices, NOW)).toBeUndefined()
    expect(await verifyMfa({}, roleSession, devices, NOW)).toBeUndefined()
  })

  it('lets exactly one of two concurrent verifications of the same fresh code succeed', async () => {
    const code = codeAt('race', NOW)
    const results = await Promise.allSettled([verify('race', code, alice, NOW), verify('race', code, alice, NOW)])
    const fulfilled = results.filter((result) => result.status === 'fulfilled')
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    expect(fulfilled).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.reason).toBeInstanceOf(ServiceError)
    expect(rejected[0]!.reason).toMatchObject({ code: MFA_FAILED.code, message: MFA_FAILED.message })
    expect(await lastStep('race')).toBe(BigInt(stepOf(NOW)))
  })
})
