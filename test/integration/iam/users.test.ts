import {
  CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteUserCommand, GetAccessKeyLastUsedCommand, GetUserCommand,
  ListAccessKeysCommand, ListUsersCommand, ListUserTagsCommand, TagUserCommand, UntagUserCommand, UpdateAccessKeyCommand, UpdateUserCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError, type KeyPair } from '../../support/iam-client.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const key = (fill: string): KeyPair => ({ accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: fill.repeat(40) })
const ADMIN = key('a')
const SELF = key('s')
const HOLDER = key('h')
const ADMIN_SEED = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'
const ALLOW_ALL = '{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }'
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    managedPolicies:
      - name: Boundary
        document: ${ALLOW_ALL}
    users:
      - name: admin
        inlinePolicies: [{ name: all, document: ${ALLOW_ALL} }]
        accessKeys: [{ id: ${ADMIN.accessKeyId}, secret: "${ADMIN.secretAccessKey}" }]
      - name: self-reader
        path: /team/
        inlinePolicies:
          - name: read-self
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "iam:GetUser", Resource: "arn:aws:iam::${ACCOUNT}:user/team/self-reader" }] }
        accessKeys: [{ id: ${SELF.accessKeyId}, secret: "${SELF.secretAccessKey}" }]
      - name: key-holder
        accessKeys: [{ id: ${HOLDER.accessKeyId}, secret: "${HOLDER.secretAccessKey}" }]
      - name: inline-holder
        inlinePolicies: [{ name: p, document: ${ALLOW_ALL} }]
      - name: attached-holder
        attachedPolicies: [Boundary]
      - name: mfa-holder
    mfaDevices:
      - { name: mfa-holder-phone, seed: JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP, user: mfa-holder }
      - { name: admin-phone, seed: ${ADMIN_SEED}, user: admin }
    roles:
      - name: Operator
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:user/admin" }, Action: "sts:AssumeRole" }] }
        inlinePolicies: [{ name: all, document: ${ALLOW_ALL} }]
`

const sts = (url: string, credentials: KeyPair, region = 'us-east-1') => new STSClient({ endpoint: url, region, credentials, maxAttempts: 1 })
const asKeyPair = (credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): KeyPair =>
  ({ accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! })

// The SDK names IAM's modeled errors by their shapes (`NoSuchEntityException` for the wire code
// `NoSuchEntity`); users-boto3.test.ts asserts the wire codes.
describe(`IAM users and access keys with @aws-sdk/client-iam on ${backend}`, () => {
  let server: StsTestServer
  let root: ReturnType<typeof iamClient>
  beforeAll(async () => {
    server = await startStsTestServer(CONFIG)
    root = iamClient(server.url)
  })
  afterAll(() => server.close())

  it('creates a user with path, boundary and tags, and reads it back with GetUser', async () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/Boundary`
    const { User } = await root.send(new CreateUserCommand({ UserName: 'Carol', Path: '/dev/ops/', PermissionsBoundary: boundary, Tags: [{ Key: 'team', Value: 'blue' }] }))
    expect(User).toEqual({
      Path: '/dev/ops/', UserName: 'Carol', UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/), Arn: `arn:aws:iam::${ACCOUNT}:user/dev/ops/Carol`,
      CreateDate: expect.any(Date), PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary },
      Tags: [{ Key: 'team', Value: 'blue' }],
    })
    expect((await root.send(new GetUserCommand({ UserName: 'carol' }))).User).toEqual(User)
    const plain = (await root.send(new CreateUserCommand({ UserName: 'plain' }))).User!
    expect(plain).toEqual({ Path: '/', UserName: 'plain', UserId: expect.any(String), Arn: `arn:aws:iam::${ACCOUNT}:user/plain`, CreateDate: expect.any(Date) })
  })

  it('refuses a taken name (any case), an unknown boundary and malformed names in AWS words', async () => {
    expect(await sdkError(root.send(new CreateUserCommand({ UserName: 'CAROL' })))).toEqual({ code: 'EntityAlreadyExistsException', status: 409, message: 'User with name CAROL already exists.' })
    const missing = `arn:aws:iam::${ACCOUNT}:policy/Nope`
    expect(await sdkError(root.send(new CreateUserCommand({ UserName: 'dave', PermissionsBoundary: missing })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `Scope ARN: ${missing} does not exist or is not attachable.`,
    })
    expect(await sdkError(root.send(new CreateUserCommand({ UserName: 'bad name!', Path: 'nope' })))).toEqual({
      code: 'ValidationError', status: 400,
      message: "2 validation errors detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        "Value 'nope' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
    })
    expect(await sdkError(root.send(new GetUserCommand({ UserName: 'nobody' })))).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The user with name nobody cannot be found.' })
  })

  it('answers GetUser without UserName for the calling user, the root user, and refuses other credentials', async () => {
    const self = (await iamClient(server.url, SELF).send(new GetUserCommand({}))).User!
    expect(self).toMatchObject({ UserName: 'self-reader', Path: '/team/', Arn: `arn:aws:iam::${ACCOUNT}:user/team/self-reader` })
    const rootUser = (await root.send(new GetUserCommand({}))).User!
    expect(rootUser).toEqual({ UserId: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, CreateDate: expect.any(Date) })

    const role = asKeyPair((await sts(server.url, ADMIN).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Operator`, RoleSessionName: 'op' }))).Credentials)
    const federated = asKeyPair((await sts(server.url, ADMIN).send(new GetFederationTokenCommand({ Name: 'fed', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }))).Credentials)
    const nonUser = { code: 'ValidationError', status: 400, message: 'Must specify userName when calling with non-User credentials' }
    expect(await sdkError(iamClient(server.url, role).send(new GetUserCommand({})))).toEqual(nonUser)
    expect(await sdkError(iamClient(server.url, role).send(new ListAccessKeysCommand({})))).toEqual(nonUser)
    // GetFederationToken sessions may not call IAM at all (AWS: "…with these credentials").
    expect(await sdkError(iamClient(server.url, federated).send(new GetUserCommand({})))).toMatchObject({ code: 'AccessDenied', status: 403 })
    // A user's MFA-authenticated GetSessionToken session is that user for GetUser, but the access
    // key actions want a long-term key ("If a temporary access key is used, then UserName is required").
    const TokenCode = new TOTP({ secret: Secret.fromBase32(ADMIN_SEED) }).generate()
    const session = asKeyPair((await sts(server.url, ADMIN).send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/admin-phone`, TokenCode }))).Credentials)
    expect((await iamClient(server.url, session).send(new GetUserCommand({}))).User!.UserName).toBe('admin')
    expect(await sdkError(iamClient(server.url, session).send(new ListAccessKeysCommand({})))).toEqual(nonUser)
    expect((await iamClient(server.url, session).send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata).toHaveLength(1)
    // Naming the user works for a role session allowed to.
    expect((await iamClient(server.url, role).send(new GetUserCommand({ UserName: 'admin' }))).User!.UserName).toBe('admin')
  })

  it('lets a user allowed only iam:GetUser on itself read itself but not list users', async () => {
    const self = iamClient(server.url, SELF)
    expect((await self.send(new GetUserCommand({ UserName: 'self-reader' }))).User!.UserName).toBe('self-reader')
    const denied = await sdkError(self.send(new ListUsersCommand({})))
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(denied.message.startsWith(`User: arn:aws:iam::${ACCOUNT}:user/team/self-reader is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/`)).toBe(true)
    expect(await sdkError(self.send(new GetUserCommand({ UserName: 'admin' })))).toMatchObject({ code: 'AccessDenied', status: 403 })
  })

  it('lists users by name in pages, filtered by path prefix, without tags or boundary', async () => {
    for (const name of ['p-1', 'p-2', 'p-3']) await root.send(new CreateUserCommand({ UserName: name, Path: '/paged/', Tags: [{ Key: 'k', Value: 'v' }] }))
    const names: string[] = []
    let marker: string | undefined
    let pages = 0
    do {
      const page = await root.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: marker }))
      names.push(...page.Users!.map((user) => user.UserName!))
      expect(page.Users!.every((user) => user.Tags === undefined && user.PermissionsBoundary === undefined)).toBe(true)
      marker = page.IsTruncated ? page.Marker : undefined
      pages += 1
    } while (marker)
    expect({ names, pages }).toEqual({ names: ['p-1', 'p-2', 'p-3'], pages: 2 })
    const all = (await root.send(new ListUsersCommand({}))).Users!.map((user) => user.UserName)
    expect(all).toEqual(expect.arrayContaining(['admin', 'Carol', 'p-1', 'self-reader']))
    expect((await root.send(new ListUsersCommand({ PathPrefix: '/dev/' }))).Users!.map((user) => user.UserName)).toEqual(['Carol'])
    expect(await sdkError(root.send(new ListUsersCommand({ Marker: 'garbage' })))).toEqual({ code: 'InvalidInputException', status: 400, message: 'Invalid Marker.' })
  })

  it('renames and moves a user, keeping its id and keys; refuses a taken name', async () => {
    const before = (await root.send(new CreateUserCommand({ UserName: 'old-name' }))).User!
    const created = (await root.send(new CreateAccessKeyCommand({ UserName: 'old-name' }))).AccessKey!
    const credentials = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! }
    expect((await sts(server.url, credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/old-name`)
    await root.send(new UpdateUserCommand({ UserName: 'old-name', NewUserName: 'new-name', NewPath: '/moved/' }))
    const after = (await root.send(new GetUserCommand({ UserName: 'new-name' }))).User!
    expect(after).toMatchObject({ UserId: before.UserId, Path: '/moved/', Arn: `arn:aws:iam::${ACCOUNT}:user/moved/new-name` })
    expect((await sts(server.url, credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/moved/new-name`)
    expect((await root.send(new ListAccessKeysCommand({ UserName: 'new-name' }))).AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([created.AccessKeyId])
    expect(await sdkError(root.send(new GetUserCommand({ UserName: 'old-name' })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 })
    expect(await sdkError(root.send(new UpdateUserCommand({ UserName: 'new-name', NewUserName: 'ADMIN' })))).toEqual({ code: 'EntityAlreadyExistsException', status: 409, message: 'User with name ADMIN already exists.' })
    await root.send(new UpdateUserCommand({ UserName: 'new-name', NewUserName: 'New-Name' }))
    expect((await root.send(new GetUserCommand({ UserName: 'new-name' }))).User!.UserName).toBe('New-Name')
    expect(await sdkError(root.send(new UpdateUserCommand({ UserName: 'ghost', NewPath: '/x/' })))).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The user with name ghost cannot be found.' })
  })

  it('refuses to delete a user that still has keys, policies, attachments or MFA devices', async () => {
    const conflict = (message: string) => ({ code: 'DeleteConflictException', status: 409, message })
    expect(await sdkError(root.send(new DeleteUserCommand({ UserName: 'key-holder' })))).toEqual(conflict('Cannot delete entity, must delete access keys first.'))
    expect(await sdkError(root.send(new DeleteUserCommand({ UserName: 'inline-holder' })))).toEqual(conflict('Cannot delete entity, must delete policies first.'))
    expect(await sdkError(root.send(new DeleteUserCommand({ UserName: 'attached-holder' })))).toEqual(conflict('Cannot delete entity, must detach all policies first.'))
    expect(await sdkError(root.send(new DeleteUserCommand({ UserName: 'mfa-holder' })))).toEqual(conflict('Cannot delete entity, must delete MFA device first.'))
    await root.send(new DeleteAccessKeyCommand({ UserName: 'key-holder', AccessKeyId: HOLDER.accessKeyId }))
    await root.send(new DeleteUserCommand({ UserName: 'KEY-holder' }))
    expect(await sdkError(root.send(new DeleteUserCommand({ UserName: 'key-holder' })))).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The user with name key-holder cannot be found.' })
  })

  it('tags, lists tags in pages, untags, and caps a user at 50 tags', async () => {
    await root.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'Env', Value: 'dev' }] }))
    await root.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'red' }, { Key: 'cost', Value: '1' }] }))
    const first = await root.send(new ListUserTagsCommand({ UserName: 'tagged', MaxItems: 2 }))
    expect(first).toMatchObject({ Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'red' }], IsTruncated: true })
    const second = await root.send(new ListUserTagsCommand({ UserName: 'tagged', Marker: first.Marker }))
    expect(second).toMatchObject({ Tags: [{ Key: 'cost', Value: '1' }], IsTruncated: false })
    await root.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['TEAM', 'absent'] }))
    expect((await root.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }, { Key: 'cost', Value: '1' }])
    const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    expect(await sdkError(root.send(new TagUserCommand({ UserName: 'tagged', Tags: many })))).toEqual({ code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for TagsPerUser: 50' })
    expect(await sdkError(root.send(new TagUserCommand({ UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 })
    expect(await sdkError(root.send(new ListUserTagsCommand({ UserName: 'ghost' })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 })
  })

  it('creates at most two keys per user, lists them without secrets, and never audits a secret', async () => {
    await root.send(new CreateUserCommand({ UserName: 'keyed' }))
    const first = (await root.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))).AccessKey!
    expect(first).toEqual({ UserName: 'keyed', AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/), Status: 'Active', SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/), CreateDate: expect.any(Date) })
    const second = (await root.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))).AccessKey!
    expect(await sdkError(root.send(new CreateAccessKeyCommand({ UserName: 'keyed' })))).toEqual({ code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' })
    const listed = (await root.send(new ListAccessKeysCommand({ UserName: 'keyed' }))).AccessKeyMetadata!
    expect(listed).toHaveLength(2)
    expect(listed.map((k) => k.AccessKeyId).sort()).toEqual([first.AccessKeyId, second.AccessKeyId].sort())
    expect(listed[0]).toEqual({ UserName: 'keyed', AccessKeyId: expect.any(String), Status: 'Active', CreateDate: expect.any(Date) })
    const page = await root.send(new ListAccessKeysCommand({ UserName: 'keyed', MaxItems: 1 }))
    expect(page).toMatchObject({ IsTruncated: true, AccessKeyMetadata: [listed[0]] })
    expect(await sdkError(root.send(new CreateAccessKeyCommand({ UserName: 'ghost' })))).toMatchObject({ code: 'NoSuchEntityException', status: 404 })

    const audits = await server.database.db.prisma.auditEvent.findMany({ where: { action: 'CreateAccessKey' } })
    expect(audits.length).toBeGreaterThan(0)
    const stored = JSON.stringify(audits.map((row) => row.detail))
    expect(stored).toContain(first.AccessKeyId)
    expect(stored).not.toContain(first.SecretAccessKey)
    const row = await server.database.db.prisma.accessKey.findUniqueOrThrow({ where: { id: first.AccessKeyId! } })
    expect(row.secretCiphertext).not.toContain(first.SecretAccessKey)
    expect(row.fromConfig).toBe(false)
  })

  it('refuses an inactive key at once, accepts it again when reactivated, and forgets a deleted one', async () => {
    await root.send(new CreateUserCommand({ UserName: 'switch' }))
    const created = (await root.send(new CreateAccessKeyCommand({ UserName: 'switch' }))).AccessKey!
    const credentials = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! }
    const whoAmI = () => sts(server.url, credentials).send(new GetCallerIdentityCommand({}))
    expect((await whoAmI()).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/switch`)
    await root.send(new UpdateAccessKeyCommand({ UserName: 'switch', AccessKeyId: created.AccessKeyId, Status: 'Inactive' }))
    expect(await sdkError(whoAmI())).toEqual({ code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' })
    expect((await root.send(new ListAccessKeysCommand({ UserName: 'switch' }))).AccessKeyMetadata![0]!.Status).toBe('Inactive')
    await root.send(new UpdateAccessKeyCommand({ UserName: 'switch', AccessKeyId: created.AccessKeyId, Status: 'Active' }))
    expect((await whoAmI()).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/switch`)
    expect(await sdkError(root.send(new UpdateAccessKeyCommand({ UserName: 'admin', AccessKeyId: created.AccessKeyId, Status: 'Inactive' })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `The Access Key with id ${created.AccessKeyId} cannot be found.`,
    })
    expect(await sdkError(root.send(new UpdateAccessKeyCommand({ UserName: 'switch', AccessKeyId: created.AccessKeyId, Status: 'Expired' as 'Active' })))).toEqual({
      code: 'ValidationError', status: 400, message: "1 validation error detected: Value 'Expired' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
    })
    await root.send(new DeleteAccessKeyCommand({ UserName: 'switch', AccessKeyId: created.AccessKeyId }))
    expect(await sdkError(whoAmI())).toMatchObject({ code: 'InvalidClientTokenId', status: 403 })
    expect(await sdkError(root.send(new DeleteAccessKeyCommand({ UserName: 'switch', AccessKeyId: created.AccessKeyId })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `The Access Key with id ${created.AccessKeyId} cannot be found.`,
    })
  })

  it('manages the caller\'s own keys without UserName: an IAM user\'s, and the root user\'s', async () => {
    const admin = iamClient(server.url, ADMIN)
    const own = (await admin.send(new CreateAccessKeyCommand({}))).AccessKey!
    expect(own.UserName).toBe('admin')
    expect((await admin.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.map((k) => k.AccessKeyId).sort()).toEqual([ADMIN.accessKeyId, own.AccessKeyId].sort())
    await admin.send(new UpdateAccessKeyCommand({ AccessKeyId: own.AccessKeyId, Status: 'Inactive' }))
    await admin.send(new DeleteAccessKeyCommand({ AccessKeyId: own.AccessKeyId }))

    const rootKey = (await root.send(new CreateAccessKeyCommand({}))).AccessKey!
    expect(rootKey.UserName).toBeUndefined()
    expect((await sts(server.url, { accessKeyId: rootKey.AccessKeyId!, secretAccessKey: rootKey.SecretAccessKey! }).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`)
    const rootKeys = (await root.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.map((k) => k.AccessKeyId)
    expect(rootKeys.sort()).toEqual([ROOT.accessKeyId, rootKey.AccessKeyId].sort())
    expect(await sdkError(root.send(new CreateAccessKeyCommand({})))).toMatchObject({ code: 'LimitExceededException', status: 409 })
    await root.send(new DeleteAccessKeyCommand({ AccessKeyId: rootKey.AccessKeyId }))
  })

  it('holds names and key quotas under concurrent requests: no 500, no third key', async () => {
    const creates = await Promise.allSettled(Array.from({ length: 5 }, () => root.send(new CreateUserCommand({ UserName: 'racer' }))))
    expect(creates.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of creates.filter((o) => o.status === 'rejected')) expect((outcome as PromiseRejectedResult).reason.name).toBe('EntityAlreadyExistsException')
    const keys = await Promise.allSettled(Array.from({ length: 4 }, () => root.send(new CreateAccessKeyCommand({ UserName: 'racer' }))))
    expect(keys.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2)
    for (const outcome of keys.filter((o) => o.status === 'rejected')) expect((outcome as PromiseRejectedResult).reason.name).toBe('LimitExceededException')
  })

  it('reports when a key was last used, for which service and from where', async () => {
    await root.send(new CreateUserCommand({ UserName: 'tracked', Path: '/t/' }))
    const created = (await root.send(new CreateAccessKeyCommand({ UserName: 'tracked' }))).AccessKey!
    const unused = await root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: created.AccessKeyId }))
    expect({ UserName: unused.UserName, AccessKeyLastUsed: unused.AccessKeyLastUsed }).toEqual({ UserName: 'tracked', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } })
    await sts(server.url, { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! }, 'eu-west-1').send(new GetCallerIdentityCommand({}))
    const used = await root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: created.AccessKeyId }))
    expect(used.AccessKeyLastUsed).toEqual({ ServiceName: 'sts', Region: 'eu-west-1', LastUsedDate: expect.any(Date) })
    expect(Math.abs(used.AccessKeyLastUsed!.LastUsedDate!.getTime() - Date.now())).toBeLessThan(60_000)
    const unknown = generateAccessKeyId('AKIA', ACCOUNT)
    const denied = await sdkError(root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: unknown })))
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(denied.message.startsWith(`User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${unknown}`)).toBe(true)
    const selfDenied = await sdkError(iamClient(server.url, SELF).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: created.AccessKeyId })))
    expect(selfDenied.message.startsWith(`User: arn:aws:iam::${ACCOUNT}:user/team/self-reader is not authorized to perform: iam:GetAccessKeyLastUsed on resource: arn:aws:iam::${ACCOUNT}:user/t/tracked`)).toBe(true)
  })
})
