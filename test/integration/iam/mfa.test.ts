import {
  CreateVirtualMFADeviceCommand, DeactivateMFADeviceCommand, DeleteVirtualMFADeviceCommand, EnableMFADeviceCommand, ListMFADevicesCommand,
  ListMFADeviceTagsCommand, ListVirtualMFADevicesCommand, ResyncMFADeviceCommand, TagMFADeviceCommand, UntagMFADeviceCommand,
} from '@aws-sdk/client-iam'
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { iamClient } from '../../support/iam-client.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'A'.repeat(40) }
const BOB = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'B'.repeat(40) }
const MALLORY = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'M'.repeat(40) }

// alice may list her own devices only; mallory may do nothing in IAM.
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    alias: example-corp
    users:
      - name: alice
        path: /staff/
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
        inlinePolicies:
          - name: own-devices
            document:
              Version: "2012-10-17"
              Statement: [{ Effect: Allow, Action: iam:ListMFADevices, Resource: "arn:aws:iam::${ACCOUNT}:user/staff/\${aws:username}" }]
      - name: bob
        accessKeys: [{ id: ${BOB.accessKeyId}, secret: "${BOB.secretAccessKey}" }]
      - name: mallory
        accessKeys: [{ id: ${MALLORY.accessKeyId}, secret: "${MALLORY.secretAccessKey}" }]
`

/**
 * The error `promise` rejects with as the wire shows it: the SDK names modeled errors
 * `…Exception`, its `Code` is the code IAM sent.
 */
async function sdkError(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await promise
  } catch (error) {
    const e = error as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('expected the call to fail, it succeeded')
}

const STEP_MS = 30_000
/** The current TOTP time step of this process's clock (the server shares it). */
const stepNow = () => Math.floor(Date.now() / STEP_MS)
/** The code an authenticator app shows at time step `step` (RFC 6238: SHA-1, 6 digits, 30 s). */
const codeAt = (seed: string, step: number) =>
  new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * STEP_MS })
/**
 * Two consecutive codes, the later one of the current step: the server, whose clock is the same
 * and may have moved on by one step when the request arrives, accepts them either way.
 */
const currentCodes = (seed: string) => {
  const step = stepNow()
  return { AuthenticationCode1: codeAt(seed, step - 1), AuthenticationCode2: codeAt(seed, step) }
}

const INVALID_CODES = { code: 'InvalidAuthenticationCode', status: 403, message: 'Authentication code for device is not valid.' }
const MFA_FAILED = { code: 'AccessDenied', status: 403, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' }
const serial = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:mfa${path}${name}`
const noSuchDevice = (serialNumber: string) =>
  ({ code: 'NoSuchEntity', status: 404, message: `VirtualMFADevice with serial number ${serialNumber} does not exist.` })

describe(`IAM virtual MFA devices with @aws-sdk/client-iam on ${backend}`, () => {
  let server: StsTestServer
  let iam: ReturnType<typeof iamClient>
  let sts: (credentials: typeof ALICE) => STSClient

  beforeAll(async () => {
    server = await startStsTestServer(CONFIG)
    iam = iamClient(server.url)
    sts = (credentials) => new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 })
  })
  afterAll(() => server?.close())

  /** Creates a device and returns its serial number and Base32 seed, decoded from the SDK's blob. */
  const createDevice = async (name: string, path?: string) => {
    const { VirtualMFADevice: device } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...(path && { Path: path }) }))
    return { serialNumber: device!.SerialNumber!, seed: new TextDecoder().decode(device!.Base32StringSeed!) }
  }

  it('creates a device with a fresh 160-bit seed and the QR code AWS describes', async () => {
    const { VirtualMFADevice: device } = await iam.send(new CreateVirtualMFADeviceCommand({
      VirtualMFADeviceName: 'phone', Path: '/team/', Tags: [{ Key: 'owner', Value: 'alice' }],
    }))
    expect(device!.SerialNumber).toBe(serial('/team/', 'phone'))
    const seed = new TextDecoder().decode(device!.Base32StringSeed!)
    expect(seed).toMatch(/^[A-Z2-7]{32}$/)
    expect(Buffer.from(Secret.fromBase32(seed).bytes).length).toBe(20)
    // The PNG encodes otpauth://totp/NAME@ALIAS?secret=SEED: the same text makes the same image.
    const expected = await QRCode.toBuffer(`otpauth://totp/phone@example-corp?secret=${seed}`, { type: 'png' })
    expect(Buffer.from(device!.QRCodePNG!).equals(expected)).toBe(true)
    expect(device!.Tags).toEqual([{ Key: 'owner', Value: 'alice' }])

    const again = await createDevice('other-phone')
    expect(again.seed).not.toBe(seed)
  })

  it('refuses a second device of the same name, whatever its case or path', async () => {
    await createDevice('dup')
    for (const input of [{ VirtualMFADeviceName: 'dup' }, { VirtualMFADeviceName: 'DUP', Path: '/elsewhere/' }]) {
      expect(await sdkError(iam.send(new CreateVirtualMFADeviceCommand(input)))).toEqual({
        code: 'EntityAlreadyExists', status: 409, message: 'MFADevice entity at the same path and name already exists.',
      })
    }
    expect(await sdkError(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'has space' })))).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value 'has space' at 'virtualMFADeviceName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    })
  })

  it('enables a device with two consecutive codes; STS then takes its codes, each once', async () => {
    const { serialNumber, seed } = await createDevice('alice-phone')
    const enable = (codes: { AuthenticationCode1: string; AuthenticationCode2: string }, UserName = 'alice', SerialNumber = serialNumber) =>
      iam.send(new EnableMFADeviceCommand({ UserName, SerialNumber, ...codes }))
    const step = stepNow()

    expect(await sdkError(enable({ AuthenticationCode1: codeAt(seed, step), AuthenticationCode2: codeAt(seed, step - 1) }))).toEqual(INVALID_CODES)
    expect(await sdkError(enable({ AuthenticationCode1: codeAt(seed, step + 5), AuthenticationCode2: codeAt(seed, step + 6) }))).toEqual(INVALID_CODES)
    expect(await sdkError(enable(currentCodes(seed), 'nobody'))).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' })
    expect(await sdkError(enable(currentCodes(seed), 'alice', serial('/', 'missing')))).toEqual(noSuchDevice(serial('/', 'missing')))
    expect(await sdkError(enable({ AuthenticationCode1: '12345', AuthenticationCode2: currentCodes(seed).AuthenticationCode2 }))).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value '12345' at 'authenticationCode1' failed to satisfy constraint: Member must have length greater than or equal to 6",
    })

    const codes = currentCodes(seed)
    await enable(codes)
    expect(await sdkError(enable(currentCodes(seed), 'bob'))).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'MFA Device is already in use.' })

    // The codes that enabled it are spent: STS refuses the later one.
    const aliceSts = sts(ALICE)
    expect(await sdkError(aliceSts.send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: codes.AuthenticationCode2 })))).toEqual(MFA_FAILED)
    const next = codeAt(seed, stepNow() + 1)
    const session = await aliceSts.send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: next }))
    expect(session.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(await sdkError(aliceSts.send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: next })))).toEqual(MFA_FAILED)

    const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }))
    expect(listed.MFADevices).toEqual([{ UserName: 'alice', SerialNumber: serialNumber, EnableDate: expect.any(Date) }])
    expect(listed.IsTruncated).toBe(false)
    // alice lists her own devices without naming herself; mallory may not list hers.
    expect((await iamClient(server.url, ALICE).send(new ListMFADevicesCommand({}))).MFADevices?.map((device) => device.SerialNumber)).toEqual([serialNumber])
    expect(await sdkError(iamClient(server.url, ALICE).send(new ListMFADevicesCommand({ UserName: 'bob' })))).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(await sdkError(iamClient(server.url, MALLORY).send(new ListMFADevicesCommand({})))).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(await sdkError(iam.send(new ListMFADevicesCommand({ UserName: 'nobody' })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.',
    })
    expect((await iam.send(new ListMFADevicesCommand({}))).MFADevices).toEqual([])
  })

  it('resyncs with codes further from now, each pair once', async () => {
    const { serialNumber, seed } = await createDevice('resync-phone')
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serialNumber, ...currentCodes(seed) }))
    const resync = (AuthenticationCode1: string, AuthenticationCode2: string, UserName = 'alice') =>
      iam.send(new ResyncMFADeviceCommand({ UserName, SerialNumber: serialNumber, AuthenticationCode1, AuthenticationCode2 }))
    // A device two minutes fast: too far for EnableMFADevice, near enough to resync.
    const ahead = stepNow() + 4
    expect(await sdkError(resync(codeAt(seed, ahead), codeAt(seed, ahead + 2)))).toEqual(INVALID_CODES)
    expect(await sdkError(resync(codeAt(seed, ahead), codeAt(seed, ahead + 1), 'bob'))).toEqual({ code: 'NoSuchEntity', status: 404, message: 'MFA Device invalid for user.' })
    await resync(codeAt(seed, ahead), codeAt(seed, ahead + 1))
    expect(await sdkError(resync(codeAt(seed, ahead), codeAt(seed, ahead + 1)))).toEqual(INVALID_CODES)
    expect(await sdkError(resync(codeAt(seed, ahead + 60), codeAt(seed, ahead + 61)))).toEqual(INVALID_CODES)
  })

  it('deactivates a device: it stays, unassigned, and STS no longer takes it; then it can be deleted', async () => {
    const { serialNumber, seed } = await createDevice('bob-phone')
    await iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serialNumber, ...currentCodes(seed) }))
    await sts(BOB).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: codeAt(seed, stepNow() + 1) }))
    expect(await sdkError(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })))).toEqual({
      code: 'DeleteConflict', status: 409, message: 'MFA VirtualDevice in use. Must deactivate first.',
    })
    expect(await sdkError(iam.send(new DeactivateMFADeviceCommand({ UserName: 'alice', SerialNumber: serialNumber })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'MFA Device invalid for user.',
    })
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: serialNumber }))
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'bob' }))).MFADevices).toEqual([])
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))
    expect(unassigned.VirtualMFADevices?.map((device) => device.SerialNumber)).toContain(serialNumber)

    // A fresh code of the device is no use to STS once it is deactivated.
    expect(await sdkError(sts(BOB).send(new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: codeAt(seed, stepNow() + 2) })))).toEqual(MFA_FAILED)
    expect(await sdkError(iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: serialNumber })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'MFA Device invalid for user.',
    })

    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }))
    expect(await sdkError(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })))).toEqual(noSuchDevice(serialNumber))
    expect(await sdkError(iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: serialNumber })))).toEqual(noSuchDevice(serialNumber))
  })

  it('lists virtual devices by assignment, paged, never with the seed', async () => {
    const { serialNumber, seed } = await createDevice('listed-phone', '/list/')
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serialNumber, ...currentCodes(seed) }))
    const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))
    const member = assigned.VirtualMFADevices?.find((device) => device.SerialNumber === serialNumber)
    expect(member).toEqual({
      SerialNumber: serialNumber, EnableDate: expect.any(Date),
      User: { Path: '/staff/', UserName: 'alice', UserId: expect.stringMatching(/^AIDA/), Arn: `arn:aws:iam::${ACCOUNT}:user/staff/alice`, CreateDate: expect.any(Date) },
    })
    expect(member?.Base32StringSeed).toBeUndefined()
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))
    expect(unassigned.VirtualMFADevices?.some((device) => device.SerialNumber === serialNumber)).toBe(false)

    const all = (await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices!.map((device) => device.SerialNumber)
    expect(all).toEqual([...all].sort())
    const seen: string[] = []
    let marker: string | undefined
    do {
      const page = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 2, ...(marker && { Marker: marker }) }))
      seen.push(...page.VirtualMFADevices!.map((device) => device.SerialNumber!))
      expect(page.VirtualMFADevices!.length).toBeLessThanOrEqual(2)
      marker = page.IsTruncated ? page.Marker : undefined
    } while (marker)
    expect(seen).toEqual(all)
    expect(await sdkError(iamClient(server.url, MALLORY).send(new ListVirtualMFADevicesCommand({})))).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(await sdkError(iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Some' as 'Any' })))).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value 'Some' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Assigned, Unassigned, Any]",
    })
  })

  it('tags, lists and untags a device', async () => {
    const { serialNumber } = await createDevice('tagged')
    await iam.send(new TagMFADeviceCommand({ SerialNumber: serialNumber, Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'env', Value: 'prod' }] }))
    await iam.send(new TagMFADeviceCommand({ SerialNumber: serialNumber, Tags: [{ Key: 'TEAM', Value: 'red' }] }))
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber }))).Tags).toEqual([{ Key: 'TEAM', Value: 'red' }, { Key: 'env', Value: 'prod' }])
    const first = await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber, MaxItems: 1 }))
    expect(first).toMatchObject({ Tags: [{ Key: 'TEAM', Value: 'red' }], IsTruncated: true })
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber, Marker: first.Marker }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }])
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: serialNumber, TagKeys: ['team'] }))
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serialNumber }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }])
    const missing = serial('/', 'untagged-missing')
    expect(await sdkError(iam.send(new TagMFADeviceCommand({ SerialNumber: missing, Tags: [{ Key: 'a', Value: 'b' }] })))).toEqual(noSuchDevice(missing))
    expect(await sdkError(iam.send(new ListMFADeviceTagsCommand({ SerialNumber: missing })))).toEqual(noSuchDevice(missing))
    const many = Array.from({ length: 50 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }))
    expect(await sdkError(iam.send(new TagMFADeviceCommand({ SerialNumber: serialNumber, Tags: many })))).toEqual({
      code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for TagsPerMFADevice: 50',
    })
  })

  it('lets one of racing creates and enables win, the others fail in IAM words', async () => {
    const creates = await Promise.allSettled(Array.from({ length: 4 }, () => iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'raced' }))))
    expect(creates.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of creates.filter((outcome) => outcome.status === 'rejected')) {
      expect(await sdkError(Promise.reject(outcome.reason))).toMatchObject({ code: 'EntityAlreadyExists', status: 409 })
    }
    const { serialNumber, seed } = await createDevice('raced-enable')
    const codes = currentCodes(seed)
    const enables = await Promise.allSettled(['alice', 'bob', 'alice'].map((UserName) =>
      iam.send(new EnableMFADeviceCommand({ UserName, SerialNumber: serialNumber, ...codes }))))
    expect(enables.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of enables.filter((outcome) => outcome.status === 'rejected')) {
      // Lost to the winner: the device is in use (or, read before the winner wrote, its codes are spent).
      expect(['EntityAlreadyExists', 'InvalidAuthenticationCode']).toContain((await sdkError(Promise.reject(outcome.reason))).code)
    }
  })

  it('keeps neither the seed nor the codes in the audit log', async () => {
    const { serialNumber, seed } = await createDevice('audited')
    const codes = currentCodes(seed)
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serialNumber, ...codes }))
    const rows = await server.database.db.prisma.auditEvent.findMany({ where: { action: { in: ['CreateVirtualMFADevice', 'EnableMFADevice'] } } })
    const text = JSON.stringify(rows.map((row) => row.detail))
    expect(text).toContain(serialNumber)
    expect(text).not.toContain(seed)
    expect(text).not.toContain(Buffer.from(seed).toString('base64'))
    expect(text).not.toContain(codes.AuthenticationCode1)
    expect(text).not.toContain(codes.AuthenticationCode2)
    const parameters = (row: (typeof rows)[number]) => (row.detail as { requestParameters: Record<string, string> }).requestParameters
    const enable = rows.find((row) => row.action === 'EnableMFADevice' && parameters(row).SerialNumber === serialNumber)
    expect(parameters(enable!)).toMatchObject({
      AuthenticationCode1: '[redacted]', AuthenticationCode2: '[redacted]', SerialNumber: serialNumber,
    })
  })
})
