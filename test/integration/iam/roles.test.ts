import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePermissionsBoundaryCommand, DeleteRolePolicyCommand,
  DetachRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand,
  ListRolesCommand, ListRoleTagsCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand,
  UpdateAssumeRolePolicyCommand, UpdateRoleCommand, UpdateRoleDescriptionCommand, paginateListRoles, type IAMClient, type Role,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodedPolicyDocument } from '../../../src/iam/policy-documents.ts'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError as sdkFailure, type KeyPair } from '../../support/iam-client.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'
import { ROLES_CONFIG, READER, ALICE, trustUser, trustDocument, allowAll, policyArn, roleArn } from './roles-fixture.ts'

const sts = (url: string, credentials: KeyPair) => new STSClient({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 })
const encoded = encodedPolicyDocument
// The SDK names IAM's modeled errors `<Code>Exception`; the code on the wire is `<Code>`.
const sdkError = async (promise: Promise<unknown>) => {
  const error = await sdkFailure(promise)
  return { ...error, code: error.code.replace(/Exception$/, '') }
}

describe(`IAM roles with @aws-sdk/client-iam on ${backend}`, () => {
  let server: StsTestServer
  let iam: IAMClient
  beforeAll(async () => {
    server = await startStsTestServer(ROLES_CONFIG)
    iam = iamClient(server.url)
  })
  afterAll(() => server.close())

  const create = (name: string, extra: Partial<ConstructorParameters<typeof CreateRoleCommand>[0]> = {}) =>
    iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustDocument, ...extra }))

  it('creates a role and shows the members CreateRole, GetRole and ListRoles each return', async () => {
    const tags = [{ Key: 'team', Value: 'platform' }, { Key: 'env', Value: 'prod' }]
    const { Role: created } = await create('Svc', {
      Path: '/svc/', Description: 'a service', MaxSessionDuration: 7200, PermissionsBoundary: policyArn('Boundary'), Tags: tags,
    })
    expect(created).toMatchObject({
      Path: '/svc/', RoleName: 'Svc', Arn: roleArn('svc/Svc'), AssumeRolePolicyDocument: encoded(trustDocument), Description: 'a service',
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('Boundary') }, Tags: tags,
    })
    expect(created!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/)
    expect(created!.CreateDate).toBeInstanceOf(Date)
    expect(created!.MaxSessionDuration).toBeUndefined()
    expect(created!.RoleLastUsed).toBeUndefined()

    const { Role: got } = await iam.send(new GetRoleCommand({ RoleName: 'svc' }))
    expect(got).toEqual({ ...created, MaxSessionDuration: 7200, RoleLastUsed: {} })

    const { Roles, IsTruncated, Marker } = await iam.send(new ListRolesCommand({ PathPrefix: '/svc/' }))
    expect(IsTruncated).toBe(false)
    expect(Marker).toBeUndefined()
    expect(Roles).toEqual([{
      Path: '/svc/', RoleName: 'Svc', RoleId: created!.RoleId, Arn: created!.Arn, CreateDate: created!.CreateDate,
      AssumeRolePolicyDocument: encoded(trustDocument), Description: 'a service', MaxSessionDuration: 7200,
    }])
  })

  it('refuses a duplicate name in any case, bad parameters, an unknown or malformed boundary and a bad trust policy', async () => {
    await create('Dup')
    expect(await sdkError(create('DUP'))).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'Role with name DUP already exists.' })
    expect(await sdkError(create('bad name', { MaxSessionDuration: 60 }))).toEqual({
      code: 'ValidationError', status: 400,
      message: "2 validation errors detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; "
        + "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    })
    expect(await sdkError(create('Long', { MaxSessionDuration: 43201 }))).toMatchObject({ code: 'ValidationError', message: expect.stringContaining('less than or equal to 43200') })
    expect(await sdkError(create('NoBoundary', { PermissionsBoundary: policyArn('Nope') }))).toEqual({
      code: 'NoSuchEntity', status: 404, message: `Scope ARN: ${policyArn('Nope')} does not exist or is not attachable.`,
    })
    expect(await sdkError(create('BadBoundary', { PermissionsBoundary: 'arn:aws:iam::123456789012:role/NotAPolicy' }))).toEqual({
      code: 'InvalidInput', status: 400, message: 'ARN arn:aws:iam::123456789012:role/NotAPolicy is not valid.',
    })
    expect(await sdkError(create('BadTrust', { AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }))).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 })
    expect(await sdkError(create('BigTrust', { AssumeRolePolicyDocument: trustUser('x'.repeat(2100)) }))).toEqual({
      code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ACLSizePerRole: 2048',
    })
    // Nothing of a refused request was written.
    expect(await sdkError(iam.send(new GetRoleCommand({ RoleName: 'NoBoundary' })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'The role with name NoBoundary cannot be found.',
    })
  })

  it('updates the description, the maximum session duration and the trust policy', async () => {
    await create('Upd', { Description: 'old' })
    expect(await iam.send(new UpdateRoleCommand({ RoleName: 'Upd', MaxSessionDuration: 10800 }))).toMatchObject({})
    const { Role } = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'Upd', Description: 'new' }))
    expect(Role).toMatchObject({ RoleName: 'Upd', Description: 'new', MaxSessionDuration: 10800, RoleLastUsed: {} })
    await iam.send(new UpdateRoleCommand({ RoleName: 'Upd', Description: 'newer' }))
    const other = trustUser(`arn:aws:iam::${ACCOUNT}:user/alice`)
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Upd', PolicyDocument: other }))
    expect((await iam.send(new GetRoleCommand({ RoleName: 'Upd' }))).Role).toMatchObject({
      Description: 'newer', MaxSessionDuration: 10800, AssumeRolePolicyDocument: encoded(other),
    })
    expect(await sdkError(iam.send(new UpdateRoleCommand({ RoleName: 'Upd', MaxSessionDuration: 100 })))).toMatchObject({ code: 'ValidationError', status: 400 })
    expect(await sdkError(iam.send(new UpdateRoleCommand({ RoleName: 'Gone', Description: 'x' })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'The role with name Gone cannot be found.',
    })
    expect(await sdkError(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'Gone', Description: 'x' })))).toMatchObject({ code: 'NoSuchEntity' })
    expect(await sdkError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Upd', PolicyDocument: allowAll })))).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 })
    expect(await sdkError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Gone', PolicyDocument: other })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
  })

  it('puts, reads, lists (paged) and deletes inline policies; the role quota is on their sum', async () => {
    await create('Inline')
    for (const name of ['c', 'a', 'b']) await iam.send(new PutRolePolicyCommand({ RoleName: 'Inline', PolicyName: name, PolicyDocument: allowAll }))
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'a' }))
    expect(got).toMatchObject({ RoleName: 'Inline', PolicyName: 'a', PolicyDocument: encoded(allowAll) })
    const first = await iam.send(new ListRolePoliciesCommand({ RoleName: 'Inline', MaxItems: 2 }))
    expect(first).toMatchObject({ PolicyNames: ['a', 'b'], IsTruncated: true })
    const second = await iam.send(new ListRolePoliciesCommand({ RoleName: 'Inline', MaxItems: 2, Marker: first.Marker }))
    expect(second).toMatchObject({ PolicyNames: ['c'], IsTruncated: false })
    expect(second.Marker).toBeUndefined()

    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'b' }))
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'Inline' }))).PolicyNames).toEqual(['a', 'c'])
    expect(await sdkError(iam.send(new DeleteRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'b' })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'The role policy with name b cannot be found.',
    })
    expect(await sdkError(iam.send(new GetRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'b' })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'The role policy with name b cannot be found.',
    })
    expect(await sdkError(iam.send(new ListRolePoliciesCommand({ RoleName: 'Gone' })))).toMatchObject({ code: 'NoSuchEntity', message: 'The role with name Gone cannot be found.' })
    expect(await sdkError(iam.send(new PutRolePolicyCommand({ RoleName: 'Gone', PolicyName: 'p', PolicyDocument: allowAll })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(await sdkError(iam.send(new PutRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'p', PolicyDocument: '{' })))).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 })

    // Two documents of ~6,000 characters each fit alone, not together.
    const big = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(5900)}/*` }] })
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'big1', PolicyDocument: big('One') }))
    expect(await sdkError(iam.send(new PutRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'big2', PolicyDocument: big('Two') })))).toEqual({
      code: 'LimitExceeded', status: 409, message: 'Maximum policy size of 10240 bytes exceeded for role Inline',
    })
    // Replacing a policy counts its new document instead of the old one.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Inline', PolicyName: 'big1', PolicyDocument: big('Three') }))
  })

  it('attaches and detaches managed policies, at most 10, and lists them by path', async () => {
    await create('Attach')
    const attach = (name: string, path = '/') => iam.send(new AttachRolePolicyCommand({ RoleName: 'Attach', PolicyArn: policyArn(name, path) }))
    await attach('Team', '/team/')
    for (let n = 1; n <= 9; n++) await attach(`P${n}`)
    await attach('P1') // again: nothing changes
    expect(await sdkError(attach('P10'))).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for PoliciesPerRole: 10' })

    const all = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Attach', MaxItems: 6 }))
    expect(all.AttachedPolicies!.map((policy) => policy.PolicyName)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6'])
    const rest = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Attach', MaxItems: 6, Marker: all.Marker }))
    expect(rest.AttachedPolicies!.map((policy) => policy.PolicyName)).toEqual(['P7', 'P8', 'P9', 'Team'])
    expect(rest.IsTruncated).toBe(false)
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Attach', PathPrefix: '/team/' }))).AttachedPolicies)
      .toEqual([{ PolicyName: 'Team', PolicyArn: policyArn('Team', '/team/') }])

    expect(await sdkError(attach('Nope'))).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${policyArn('Nope')} does not exist or is not attachable.` })
    expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: 'Gone', PolicyArn: policyArn('P1') })))).toMatchObject({ code: 'NoSuchEntity', message: 'The role with name Gone cannot be found.' })
    expect(await sdkError(iam.send(new AttachRolePolicyCommand({ RoleName: 'Attach', PolicyArn: 'not-an-arn-at-all-really' })))).toEqual({
      code: 'InvalidInput', status: 400, message: 'ARN not-an-arn-at-all-really is not valid.',
    })
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'Attach', PolicyArn: policyArn('P1') }))
    expect(await sdkError(iam.send(new DetachRolePolicyCommand({ RoleName: 'Attach', PolicyArn: policyArn('P1') })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: `Policy ${policyArn('P1')} was not found.`,
    })
    await attach('P10')
    expect(await sdkError(iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Gone' })))).toMatchObject({ code: 'NoSuchEntity' })
  })

  it('refuses to delete a role with attached, then inline policies', async () => {
    await create('Del')
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Del', PolicyArn: policyArn('P1') }))
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Del', PolicyName: 'inline', PolicyDocument: allowAll }))
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'Del' })))).toEqual({
      code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must detach all policies first.',
    })
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'Del', PolicyArn: policyArn('P1') }))
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'Del' })))).toEqual({
      code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.',
    })
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Del', PolicyName: 'inline' }))
    await iam.send(new DeleteRoleCommand({ RoleName: 'del' }))
    expect(await sdkError(iam.send(new GetRoleCommand({ RoleName: 'Del' })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(await sdkError(iam.send(new DeleteRoleCommand({ RoleName: 'Del' })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: 'The role with name Del cannot be found.',
    })
    // The name is free again.
    await create('Del')
  })

  it('puts and deletes the permissions boundary', async () => {
    await create('Bounded')
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Bounded', PermissionsBoundary: policyArn('Boundary') }))
    expect((await iam.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('Boundary'),
    })
    expect(await sdkError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Bounded', PermissionsBoundary: policyArn('Nope') })))).toEqual({
      code: 'NoSuchEntity', status: 404, message: `Scope ARN: ${policyArn('Nope')} does not exist or is not attachable.`,
    })
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'Bounded' }))
    expect((await iam.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!.PermissionsBoundary).toBeUndefined()
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'Bounded' }))
    expect(await sdkError(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'Gone' })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(await sdkError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Gone', PermissionsBoundary: policyArn('Boundary') })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
  })

  it('tags and untags a role, lists its tags by key, paged, at most 50', async () => {
    await create('Tagged', { Tags: [{ Key: 'b', Value: '1' }] })
    await iam.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: [{ Key: 'a', Value: '2' }, { Key: 'B', Value: '3' }] }))
    const first = await iam.send(new ListRoleTagsCommand({ RoleName: 'Tagged', MaxItems: 1 }))
    expect(first).toMatchObject({ Tags: [{ Key: 'B', Value: '3' }], IsTruncated: true })
    const second = await iam.send(new ListRoleTagsCommand({ RoleName: 'Tagged', Marker: first.Marker }))
    expect(second).toMatchObject({ Tags: [{ Key: 'a', Value: '2' }], IsTruncated: false })
    await iam.send(new UntagRoleCommand({ RoleName: 'Tagged', TagKeys: ['b', 'unknown'] }))
    expect((await iam.send(new GetRoleCommand({ RoleName: 'Tagged' }))).Role!.Tags).toEqual([{ Key: 'a', Value: '2' }])

    const many = Array.from({ length: 50 }, (_, n) => ({ Key: `k${n}`, Value: 'v' }))
    expect(await sdkError(iam.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: many })))).toEqual({
      code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for TagsPerRole: 50',
    })
    expect(await sdkError(iam.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] })))).toEqual({
      code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    })
    expect(await sdkError(iam.send(new TagRoleCommand({ RoleName: 'Gone', Tags: [{ Key: 'x', Value: '1' }] })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(await sdkError(iam.send(new UntagRoleCommand({ RoleName: 'Gone', TagKeys: ['x'] })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(await sdkError(iam.send(new ListRoleTagsCommand({ RoleName: 'Gone' })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'Tagged' }))).Tags).toEqual([{ Key: 'a', Value: '2' }])
  })

  it('settles concurrent changes: one of racing creates wins, concurrent tags all land', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, n) => create(n % 2 ? 'race' : 'Race')))
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect((outcome.reason as Error).name).toBe('EntityAlreadyExistsException')
    }
    await Promise.all(Array.from({ length: 10 }, (_, n) => iam.send(new TagRoleCommand({ RoleName: 'Race', Tags: [{ Key: `k${n}`, Value: `${n}` }] }))))
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'Race' }))).Tags).toHaveLength(10)
  })

  it('shows where and when AssumeRole last used the role', async () => {
    await create('Used', { AssumeRolePolicyDocument: trustUser(`arn:aws:iam::${ACCOUNT}:user/alice`) })
    expect((await iam.send(new GetRoleCommand({ RoleName: 'Used' }))).Role!.RoleLastUsed).toEqual({})
    const before = Date.now()
    await sts(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: roleArn('Used'), RoleSessionName: 'session' }))
    const { RoleLastUsed } = (await iam.send(new GetRoleCommand({ RoleName: 'Used' }))).Role!
    expect(RoleLastUsed!.Region).toBe('eu-west-1')
    expect(RoleLastUsed!.LastUsedDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
  })

  it('STS sees trust and session-duration changes at once', async () => {
    await create('Live', { AssumeRolePolicyDocument: trustUser(`arn:aws:iam::${ACCOUNT}:user/alice`) })
    const assume = (DurationSeconds?: number) =>
      sts(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: roleArn('Live'), RoleSessionName: 'session', DurationSeconds }))
    await assume()
    expect(await sdkError(assume(7200))).toMatchObject({ code: 'ValidationError', status: 400 })
    await iam.send(new UpdateRoleCommand({ RoleName: 'Live', MaxSessionDuration: 7200 }))
    const { Credentials } = await assume(7200)
    expect(Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(7100_000)

    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Live', PolicyDocument: trustUser(`arn:aws:iam::${ACCOUNT}:user/someone-else`) }))
    expect(await sdkError(assume())).toMatchObject({ code: 'AccessDenied', status: 403 })
  })

  it('lets a user allowed iam:GetRole on role/app-* read app-x only; the denial decodes', async () => {
    const reader = iamClient(server.url, READER)
    expect((await reader.send(new GetRoleCommand({ RoleName: 'app-x' }))).Role!.Arn).toBe(roleArn('app-x'))
    const denied = await sdkError(reader.send(new GetRoleCommand({ RoleName: 'db-x' })))
    expect(denied.code).toBe('AccessDenied')
    expect(denied.status).toBe(403)
    const prefix = `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: iam:GetRole on resource: ${roleArn('db-x')}. Encoded authorization failure message: `
    expect(denied.message.startsWith(prefix)).toBe(true)
    const { DecodedMessage } = await sts(server.url, ROOT).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: denied.message.slice(prefix.length) }))
    const decoded = JSON.parse(DecodedMessage!) as { allowed: boolean; context: { action: string; resource: string } }
    expect(decoded.allowed).toBe(false)
    expect(decoded.context).toMatchObject({ action: 'iam:GetRole', resource: roleArn('db-x') })
    // Nothing else is allowed to the reader, a role's existence included.
    expect(await sdkError(reader.send(new GetRoleCommand({ RoleName: 'app-missing' })))).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(await sdkError(reader.send(new ListRolesCommand({})))).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(await sdkError(reader.send(new CreateRoleCommand({ RoleName: 'app-new', AssumeRolePolicyDocument: trustDocument })))).toMatchObject({ code: 'AccessDenied' })
  })

  it('pages through more than 100 roles with paginateListRoles, each exactly once and in order', async () => {
    const names = Array.from({ length: 130 }, (_, n) => `bulk-${String(n).padStart(3, '0')}`)
    await Promise.all(names.map((name) => create(name, { Path: '/bulk/' })))

    const listed: Role[] = []
    const pageSizes: number[] = []
    for await (const page of paginateListRoles({ client: iam, pageSize: 50 }, { PathPrefix: '/bulk/' })) {
      listed.push(...page.Roles!)
      pageSizes.push(page.Roles!.length)
    }
    expect(pageSizes).toEqual([50, 50, 30])
    expect(listed.map((role) => role.RoleName)).toEqual(names)

    const byDefault = await iam.send(new ListRolesCommand({ PathPrefix: '/bulk/' }))
    expect(byDefault.Roles).toHaveLength(100)
    expect(byDefault.IsTruncated).toBe(true)
    const rest = await iam.send(new ListRolesCommand({ PathPrefix: '/bulk/', Marker: byDefault.Marker }))
    expect(rest.Roles!.map((role) => role.RoleName)).toEqual(names.slice(100))
    expect(await sdkError(iam.send(new ListRolesCommand({ Marker: 'garbage' })))).toEqual({ code: 'InvalidInput', status: 400, message: 'Invalid Marker.' })
    expect(await sdkError(iam.send(new ListRolesCommand({ MaxItems: 1001 })))).toMatchObject({ code: 'ValidationError', status: 400 })
  })
})
