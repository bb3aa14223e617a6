import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { failed, pythonClients, succeeded, type Boto3Call } from '../../support/python-clients.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const SELF = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 's'.repeat(40) }
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    managedPolicies:
      - name: Boundary
        path: /limits/
        document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
    users:
      - name: self-reader
        inlinePolicies:
          - name: read-self
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "iam:GetUser", Resource: "arn:aws:iam::${ACCOUNT}:user/self-reader" }] }
        accessKeys: [{ id: ${SELF.accessKeyId}, secret: "${SELF.secretAccessKey}" }]
`

const iam = (operation: string, params: Record<string, unknown> = {}, credentials: Boto3Call['credentials'] = ROOT, validate = true): Boto3Call =>
  ({ service: 'iam', operation, params, credentials, validate })

describe(`IAM users and access keys with boto3 on ${backend}`, () => {
  let server: StsTestServer
  let python: Awaited<ReturnType<typeof pythonClients>>
  beforeAll(async () => {
    server = await startStsTestServer(CONFIG)
    python = await pythonClients(server.url)
  })
  afterAll(async () => {
    await python.close()
    await server.close()
  })

  it('runs every user action, success and error paths, with AWS codes, statuses and messages', async () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/limits/Boundary`
    const out = await python.boto3([
      /* 0 */ iam('create_user', { UserName: 'erin', Path: '/a_b/', PermissionsBoundary: boundary, Tags: [{ Key: 'team', Value: 'blue' }] }),
      /* 1 */ iam('create_user', { UserName: 'ERIN' }),
      /* 2 */ iam('create_user', { UserName: 'frank', Path: '/axb/' }),
      /* 3 */ iam('get_user', { UserName: 'erin' }),
      /* 4 */ iam('get_user', { UserName: 'nobody' }),
      /* 5 */ iam('get_user'),
      /* 6 */ iam('list_users', { PathPrefix: '/a_' }),
      /* 7 */ iam('list_users', { MaxItems: 1 }),
      /* 8 */ iam('update_user', { UserName: 'frank', NewUserName: 'Erin' }),
      /* 9 */ iam('update_user', { UserName: 'frank', NewUserName: 'gina', NewPath: '/g/' }),
      /* 10 */ iam('tag_user', { UserName: 'gina', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }),
      /* 11 */ iam('tag_user', { UserName: 'gina', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] }),
      /* 12 */ iam('list_user_tags', { UserName: 'gina' }),
      /* 13 */ iam('untag_user', { UserName: 'gina', TagKeys: ['A'] }),
      /* 14 */ iam('list_user_tags', { UserName: 'gina' }),
      /* 15 */ iam('untag_user', { UserName: 'nobody', TagKeys: ['a'] }),
      /* 16 */ iam('create_access_key', { UserName: 'gina' }),
      /* 17 */ iam('create_access_key', { UserName: 'gina' }),
      /* 18 */ iam('create_access_key', { UserName: 'gina' }),
      /* 19 */ iam('list_access_keys', { UserName: 'gina' }),
      /* 20 */ iam('list_access_keys', { UserName: 'nobody' }),
      /* 21 */ iam('delete_user', { UserName: 'gina' }),
      /* 22 */ iam('get_access_key_last_used', { AccessKeyId: SELF.accessKeyId }),
      /* 23 */ iam('list_users', {}, SELF),
      /* 24 */ iam('get_user', {}, SELF),
      /* 25 */ iam('create_user', { UserName: 'x'.repeat(65) }, ROOT, false),
      /* 26 */ iam('update_access_key', { UserName: 'erin', AccessKeyId: SELF.accessKeyId, Status: 'Inactive' }),
      /* 27 */ iam('delete_access_key', { AccessKeyId: 'AKIAIOSFODNN7EXAMPL2' }),
      /* 28 */ iam('create_user', { UserName: 'hal', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/Boundary` }),
      /* 29 */ iam('tag_user', { UserName: 'gina', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }),
    ])
    const user0 = succeeded(out[0]).User
    expect(user0).toEqual({
      Path: '/a_b/', UserName: 'erin', UserId: expect.stringMatching(/^AIDA/), Arn: `arn:aws:iam::${ACCOUNT}:user/a_b/erin`, CreateDate: expect.any(String),
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary }, Tags: [{ Key: 'team', Value: 'blue' }],
    })
    expect(failed(out[1])).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'User with name ERIN already exists.' })
    expect(succeeded(out[3]).User).toEqual(user0)
    expect(failed(out[4])).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' })
    expect(succeeded(out[5]).User).toEqual({ UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, CreateDate: expect.any(String) })
    // `_` in a path prefix is a plain character, not a wildcard.
    expect(succeeded(out[6]).Users.map((user: { UserName: string }) => user.UserName)).toEqual(['erin'])
    expect(succeeded(out[7])).toMatchObject({ Users: [{ UserName: 'erin' }], IsTruncated: true, Marker: expect.any(String) })
    expect(failed(out[8])).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'User with name Erin already exists.' })
    expect(succeeded(out[9])).toEqual({})
    expect(succeeded(out[10])).toEqual({})
    expect(failed(out[11])).toEqual({ code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' })
    expect(succeeded(out[12])).toEqual({ Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }], IsTruncated: false })
    expect(succeeded(out[14]).Tags).toEqual([{ Key: 'b', Value: '2' }])
    expect(failed(out[15])).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' })
    const key16 = succeeded(out[16]).AccessKey
    expect(key16).toEqual({ UserName: 'gina', AccessKeyId: expect.stringMatching(/^AKIA/), Status: 'Active', SecretAccessKey: expect.any(String), CreateDate: expect.any(String) })
    expect(failed(out[18])).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' })
    expect(succeeded(out[19])).toMatchObject({ AccessKeyMetadata: expect.arrayContaining([{ UserName: 'gina', AccessKeyId: key16.AccessKeyId, Status: 'Active', CreateDate: expect.any(String) }]), IsTruncated: false })
    expect(failed(out[20])).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' })
    expect(failed(out[21])).toEqual({ code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete access keys first.' })
    expect(succeeded(out[22])).toEqual({ UserName: 'self-reader', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } })
    const denied = failed(out[23])
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(denied.message).toMatch(new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/self-reader is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/`))
    expect(succeeded(out[24]).User).toMatchObject({ UserName: 'self-reader', Path: '/' })
    expect(failed(out[25])).toEqual({ code: 'ValidationError', status: 400, message: `1 validation error detected: Value '${'x'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64` })
    expect(failed(out[26])).toEqual({ code: 'NoSuchEntity', status: 404, message: `The Access Key with id ${SELF.accessKeyId} cannot be found.` })
    expect(failed(out[27])).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The Access Key with id AKIAIOSFODNN7EXAMPL2 cannot be found.' })
    expect(failed(out[28])).toEqual({ code: 'NoSuchEntity', status: 404, message: `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/Boundary does not exist or is not attachable.` })
    expect(failed(out[29])).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for TagsPerUser: 50' })

    // The key works, goes inactive, is deleted; then the user can go.
    const created = { accessKeyId: key16.AccessKeyId as string, secretAccessKey: key16.SecretAccessKey as string }
    const other = succeeded(out[17]).AccessKey.AccessKeyId as string
    const after = await python.boto3([
      /* 0 */ { service: 'sts', operation: 'get_caller_identity', credentials: created },
      /* 1 */ iam('get_access_key_last_used', { AccessKeyId: created.accessKeyId }),
      /* 2 */ iam('update_access_key', { UserName: 'gina', AccessKeyId: created.accessKeyId, Status: 'Inactive' }),
      /* 3 */ { service: 'sts', operation: 'get_caller_identity', credentials: created },
      /* 4 */ iam('update_access_key', { UserName: 'gina', AccessKeyId: created.accessKeyId, Status: 'Active' }),
      /* 5 */ { service: 'sts', operation: 'get_caller_identity', credentials: created },
      /* 6 */ iam('delete_access_key', { UserName: 'gina', AccessKeyId: created.accessKeyId }),
      /* 7 */ iam('delete_access_key', { UserName: 'gina', AccessKeyId: other }),
      /* 8 */ iam('delete_access_key', { UserName: 'gina', AccessKeyId: other }),
      /* 9 */ iam('delete_user', { UserName: 'gina' }),
      /* 10 */ iam('delete_user', { UserName: 'gina' }),
      /* 11 */ iam('create_access_key', {}, SELF),
      /* 12 */ iam('get_access_key_last_used', { AccessKeyId: generateAccessKeyId('AKIA', '210987654321') }),
    ])
    expect(succeeded(after[0]).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/g/gina`)
    expect(succeeded(after[1])).toEqual({ UserName: 'gina', AccessKeyLastUsed: { LastUsedDate: expect.any(String), ServiceName: 'sts', Region: 'eu-west-1' } })
    expect(failed(after[3])).toEqual({ code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' })
    expect(succeeded(after[5]).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/g/gina`)
    expect(succeeded(after[7])).toEqual({})
    expect(failed(after[8])).toEqual({ code: 'NoSuchEntity', status: 404, message: `The Access Key with id ${other} cannot be found.` })
    expect(succeeded(after[9])).toEqual({})
    expect(failed(after[10])).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name gina cannot be found.' })
    expect(failed(after[11])).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(failed(after[12])).toMatchObject({ code: 'AccessDenied', status: 403 })
  })
})
