import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { failed, pythonClients, succeeded, iamCall } from '../../support/python-clients.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const CAROL = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'C'.repeat(40) }

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: carol
        accessKeys: [{ id: ${CAROL.accessKeyId}, secret: "${CAROL.secretAccessKey}" }]
      - name: dan
`

const STEP_MS = 30_000
const stepNow = () => Math.floor(Date.now() / STEP_MS)
const codeAt = (seed: string, step: number) =>
  new TOTP({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * STEP_MS })

const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/b3/carol-phone`
const INVALID_CODES = { code: 'InvalidAuthenticationCode', status: 403, message: 'Authentication code for device is not valid.' }
const INVALID_FOR_USER = { code: 'NoSuchEntity', status: 404, message: 'MFA Device invalid for user.' }

describe(`IAM virtual MFA devices with boto3 on ${backend}`, () => {
  let server: StsTestServer
  let python: Awaited<ReturnType<typeof pythonClients>>

  beforeAll(async () => {
    server = await startStsTestServer(CONFIG)
    python = await pythonClients(server.url)
  })
  afterAll(async () => {
    await python?.close()
    await server?.close()
  })

  it('creates, enables, uses, resyncs, tags, deactivates and deletes a device', async () => {
    const [created, duplicate, badName, badPath] = await python.boto3([
      iamCall('create_virtual_mfa_device', { VirtualMFADeviceName: 'carol-phone', Path: '/b3/', Tags: [{ Key: 'team', Value: 'blue' }] }),
      iamCall('create_virtual_mfa_device', { VirtualMFADeviceName: 'Carol-Phone' }),
      iamCall('create_virtual_mfa_device', { VirtualMFADeviceName: 'bad/name' }, { validate: false }),
      iamCall('create_virtual_mfa_device', { VirtualMFADeviceName: 'ok', Path: 'no-slashes' }, { validate: false }),
    ])
    const device = succeeded(created).VirtualMFADevice
    expect(device.SerialNumber).toBe(SERIAL)
    expect(device.Tags).toEqual([{ Key: 'team', Value: 'blue' }])
    // botocore hands blobs over as bytes; the driver prints them as base64.
    const seed = Buffer.from(device.Base32StringSeed, 'base64').toString('ascii')
    expect(seed).toMatch(/^[A-Z2-7]{32}$/)
    expect(Buffer.from(device.QRCodePNG, 'base64').subarray(1, 4).toString('ascii')).toBe('PNG')
    expect(failed(duplicate)).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'MFADevice entity at the same path and name already exists.' })
    expect(failed(badName)).toMatchObject({ code: 'ValidationError', status: 400 })
    expect(failed(badPath)).toMatchObject({ code: 'ValidationError', status: 400 })

    const step = stepNow()
    const enableWith = (code1: string, code2: string, UserName = 'carol') =>
      iamCall('enable_mfa_device', { UserName, SerialNumber: SERIAL, AuthenticationCode1: code1, AuthenticationCode2: code2 })
    const resyncWith = (code1: string, code2: string, UserName = 'carol') =>
      iamCall('resync_mfa_device', { UserName, SerialNumber: SERIAL, AuthenticationCode1: code1, AuthenticationCode2: code2 })
    const token = codeAt(seed, step + 1)
    const outcomes = await python.boto3([
      enableWith(codeAt(seed, step - 1), codeAt(seed, step + 1)),
      enableWith(codeAt(seed, step - 1), codeAt(seed, step), 'nobody'),
      enableWith(codeAt(seed, step - 1), codeAt(seed, step)),
      enableWith(codeAt(seed, step - 1), codeAt(seed, step), 'dan'),
      { service: 'sts', operation: 'get_session_token', params: { SerialNumber: SERIAL, TokenCode: token }, credentials: CAROL },
      { service: 'sts', operation: 'get_session_token', params: { SerialNumber: SERIAL, TokenCode: token }, credentials: CAROL },
      iamCall('list_mfa_devices', { UserName: 'carol' }),
      iamCall('list_virtual_mfa_devices', { AssignmentStatus: 'Assigned' }),
      resyncWith(codeAt(seed, step + 5), codeAt(seed, step + 6)),
      resyncWith(codeAt(seed, step + 5), codeAt(seed, step + 6)),
      resyncWith(codeAt(seed, step + 7), codeAt(seed, step + 8), 'dan'),
      iamCall('delete_virtual_mfa_device', { SerialNumber: SERIAL }),
      iamCall('tag_mfa_device', { SerialNumber: SERIAL, Tags: [{ Key: 'env', Value: 'prod' }] }),
      iamCall('untag_mfa_device', { SerialNumber: SERIAL, TagKeys: ['team'] }),
      iamCall('list_mfa_device_tags', { SerialNumber: SERIAL }),
      iamCall('deactivate_mfa_device', { UserName: 'dan', SerialNumber: SERIAL }),
      iamCall('deactivate_mfa_device', { UserName: 'carol', SerialNumber: SERIAL }),
      iamCall('list_virtual_mfa_devices', { AssignmentStatus: 'Unassigned' }),
      iamCall('delete_virtual_mfa_device', { SerialNumber: SERIAL }),
      iamCall('delete_virtual_mfa_device', { SerialNumber: SERIAL }),
      iamCall('list_mfa_device_tags', { SerialNumber: SERIAL }),
    ])
    const [
      wrong, noUser, enabled, inUse, session, replay, listed, assigned, resynced, resyncReplay, resyncOther,
      deleteInUse, tagged, untagged, tags, deactivateOther, deactivated, unassigned, deleted, deletedAgain, tagsGone,
    ] = outcomes
    expect(failed(wrong)).toEqual(INVALID_CODES)
    expect(failed(noUser)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' })
    succeeded(enabled)
    expect(failed(inUse)).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'MFA Device is already in use.' })
    expect(succeeded(session).Credentials.AccessKeyId).toMatch(/^ASIA/)
    expect(failed(replay)).toEqual({ code: 'AccessDenied', status: 403, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' })
    expect(succeeded(listed)).toEqual({ MFADevices: [{ UserName: 'carol', SerialNumber: SERIAL, EnableDate: expect.any(String) }], IsTruncated: false })
    expect(succeeded(assigned).VirtualMFADevices).toEqual([{
      SerialNumber: SERIAL, EnableDate: expect.any(String), Tags: [{ Key: 'team', Value: 'blue' }],
      User: { Path: '/', UserName: 'carol', UserId: expect.stringMatching(/^AIDA/), Arn: `arn:aws:iam::${ACCOUNT}:user/carol`, CreateDate: expect.any(String) },
    }])
    succeeded(resynced)
    expect(failed(resyncReplay)).toEqual(INVALID_CODES)
    expect(failed(resyncOther)).toEqual(INVALID_FOR_USER)
    expect(failed(deleteInUse)).toEqual({ code: 'DeleteConflict', status: 409, message: 'MFA VirtualDevice in use. Must deactivate first.' })
    succeeded(tagged)
    succeeded(untagged)
    expect(succeeded(tags)).toEqual({ Tags: [{ Key: 'env', Value: 'prod' }], IsTruncated: false })
    expect(failed(deactivateOther)).toEqual(INVALID_FOR_USER)
    succeeded(deactivated)
    expect(succeeded(unassigned).VirtualMFADevices.map((member: { SerialNumber: string }) => member.SerialNumber)).toEqual([SERIAL])
    succeeded(deleted)
    const missing = { code: 'NoSuchEntity', status: 404, message: `VirtualMFADevice with serial number ${SERIAL} does not exist.` }
    expect(failed(deletedAgain)).toEqual(missing)
    expect(failed(tagsGone)).toEqual(missing)
  })

  it('refuses malformed codes and serial numbers in IAM words', async () => {
    const [shortCode, letters, noSerial] = await python.boto3([
      iamCall('enable_mfa_device', { UserName: 'carol', SerialNumber: SERIAL, AuthenticationCode1: '123', AuthenticationCode2: '123456' }, { validate: false }),
      iamCall('resync_mfa_device', { UserName: 'carol', SerialNumber: SERIAL, AuthenticationCode1: 'abcdef', AuthenticationCode2: '123456' }, { validate: false }),
      iamCall('deactivate_mfa_device', { UserName: 'carol', SerialNumber: 'short' }, { validate: false }),
    ])
    expect(failed(shortCode)).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value '123' at 'authenticationCode1' failed to satisfy constraint: Member must have length greater than or equal to 6",
    })
    expect(failed(letters)).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value 'abcdef' at 'authenticationCode1' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]+",
    })
    expect(failed(noSerial)).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value 'short' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9",
    })
  })
})
