import {
  AttachUserPolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DeleteUserPermissionsBoundaryCommand, DeleteUserPolicyCommand, DetachUserPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand,
  GetUserPolicyCommand, ListAttachedUserPoliciesCommand, ListPoliciesCommand, ListPolicyVersionsCommand, ListUserPoliciesCommand,
  PutUserPermissionsBoundaryCommand, PutUserPolicyCommand, SetDefaultPolicyVersionCommand, paginateListPolicies, type IAMClient,
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError } from '../../support/iam-client.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// Managed policies, their versions, and users' inline policies, attachments and boundaries,
// through an unmodified @aws-sdk/client-iam against the real server; and the decisions that
// follow each change at once (same process, no wait for caches).

const NOBODY = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'N'.repeat(40) }
const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`
const doc = (action: string, effect = 'Allow') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] })

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: nobody
        accessKeys: [{ id: ${NOBODY.accessKeyId}, secret: "${NOBODY.secretAccessKey}" }]
      - name: target
        path: /staff/
      - name: quota
`

let server: StsTestServer
let root: IAMClient
let nobody: IAMClient

beforeAll(async () => {
  server = await startStsTestServer(CONFIG)
  root = iamClient(server.url)
  nobody = iamClient(server.url, NOBODY)
})
afterAll(() => server?.close())

describe(`managed policies (${backend})`, () => {
  it('creates a policy and reports it as IAM does; names are unique without case', async () => {
    const created = await root.send(new CreatePolicyCommand({
      PolicyName: 'ReadThings', Path: '/team/', PolicyDocument: doc('s3:GetObject'), Description: 'reads things',
      Tags: [{ Key: 'owner', Value: 'ops' }],
    }))
    const policy = created.Policy!
    expect(policy).toMatchObject({
      PolicyName: 'ReadThings', Arn: policyArn('ReadThings', '/team/'), Path: '/team/', DefaultVersionId: 'v1',
      AttachmentCount: 0, PermissionsBoundaryUsageCount: 0, IsAttachable: true, Description: 'reads things', Tags: [{ Key: 'owner', Value: 'ops' }],
    })
    expect(policy.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/)
    expect(policy.CreateDate).toBeInstanceOf(Date)

    const got = await root.send(new GetPolicyCommand({ PolicyArn: policyArn('ReadThings', '/team/') }))
    expect(got.Policy).toEqual(policy)

    expect(await sdkError(root.send(new CreatePolicyCommand({ PolicyName: 'readthings', PolicyDocument: doc('s3:GetObject') })))).toEqual({
      code: 'EntityAlreadyExistsException', status: 409, message: 'A policy called readthings already exists. Duplicate names are not allowed.',
    })
  })

  it('refuses bad input with the IAM errors', async () => {
    expect(await sdkError(root.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Version":"2012-10-17"}' })))).toMatchObject({
      code: 'MalformedPolicyDocumentException', status: 400,
    })
    expect(await sdkError(root.send(new CreatePolicyCommand({ PolicyName: 'Bad', Path: 'no-slash', PolicyDocument: doc('s3:*') })))).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value 'no-slash' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/",
    })
    expect(await sdkError(root.send(new CreatePolicyCommand({ PolicyName: 'Big', PolicyDocument: doc(`s3:${'x'.repeat(6200)}`) })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for PolicySize: 6144',
    })
    expect(await sdkError(root.send(new GetPolicyCommand({ PolicyArn: policyArn('Missing') })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `Policy ${policyArn('Missing')} was not found.`,
    })
    // The path is part of the ARN: the right name under another path is no policy.
    expect((await sdkError(root.send(new GetPolicyCommand({ PolicyArn: policyArn('ReadThings') })))).code).toBe('NoSuchEntityException')
    expect(await sdkError(root.send(new GetPolicyCommand({ PolicyArn: 'not-an-arn-of-anything' })))).toEqual({
      code: 'InvalidInputException', status: 400, message: 'ARN not-an-arn-of-anything is not valid.',
    })
  })

  it('lists policies by name, paged, with the scope, path and attachment filters', async () => {
    for (const name of ['ListB', 'ListA', 'ListC']) await root.send(new CreatePolicyCommand({ PolicyName: name, Path: '/list/', PolicyDocument: doc('s3:*') }))
    const names: string[] = []
    for await (const page of paginateListPolicies({ client: root, pageSize: 2 }, { PathPrefix: '/list/' })) {
      expect(page.Policies!.length).toBeLessThanOrEqual(2)
      names.push(...page.Policies!.map((policy) => policy.PolicyName!))
    }
    expect(names).toEqual(['ListA', 'ListB', 'ListC'])
    const first = await root.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/list/', MaxItems: 1 }))
    expect(first).toMatchObject({ IsTruncated: true, Policies: [{ PolicyName: 'ListA', IsAttachable: true }] })
    expect(first.Policies![0]!.Tags).toBeUndefined()
    expect(first.Policies![0]!.Description).toBeUndefined()
    expect((await root.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies).toEqual([])

    await root.send(new AttachUserPolicyCommand({ UserName: 'target', PolicyArn: policyArn('ListB', '/list/') }))
    await root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'quota', PermissionsBoundary: policyArn('ListC', '/list/') }))
    const attached = await root.send(new ListPoliciesCommand({ OnlyAttached: true, PathPrefix: '/list/' }))
    expect(attached.Policies!.map((policy) => [policy.PolicyName, policy.AttachmentCount])).toEqual([['ListB', 1]])
    const boundaries = await root.send(new ListPoliciesCommand({ PolicyUsageFilter: 'PermissionsBoundary', PathPrefix: '/list/' }))
    expect(boundaries.Policies!.map((policy) => [policy.PolicyName, policy.PermissionsBoundaryUsageCount])).toEqual([['ListC', 1]])

    expect(await sdkError(root.send(new DeletePolicyCommand({ PolicyArn: policyArn('ListB', '/list/') })))).toEqual({
      code: 'DeleteConflictException', status: 409, message: 'Cannot delete a policy attached to entities.',
    })
    expect((await sdkError(root.send(new DeletePolicyCommand({ PolicyArn: policyArn('ListC', '/list/') })))).message).toBe('Cannot delete a policy attached to entities.')
    await root.send(new DetachUserPolicyCommand({ UserName: 'target', PolicyArn: policyArn('ListB', '/list/') }))
    await root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'quota' }))
    await root.send(new DeletePolicyCommand({ PolicyArn: policyArn('ListB', '/list/') }))
    expect((await sdkError(root.send(new GetPolicyCommand({ PolicyArn: policyArn('ListB', '/list/') })))).status).toBe(404)
    expect(await sdkError(root.send(new DeletePolicyCommand({ PolicyArn: policyArn('ListB', '/list/') })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `Policy ${policyArn('ListB', '/list/')} was not found.`,
    })
  })
})

describe(`policy versions (${backend})`, () => {
  const arn = policyArn('Versioned')

  it('adds versions up to five, never reuses an id and keeps the default', async () => {
    await root.send(new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: doc('s3:GetObject') }))
    const v2 = await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject') }))
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false })
    expect(v2.PolicyVersion!.Document).toBeUndefined()
    const v3 = await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:ListBucket'), SetAsDefault: true }))
    expect(v3.PolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true })
    expect((await root.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId).toBe('v3')

    const got = await root.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))
    expect(got.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false })
    // IAM sends documents URL-encoded; the JS SDK hands them over as sent.
    expect(decodeURIComponent(got.PolicyVersion!.Document!)).toBe(doc('s3:PutObject'))

    const listed = await root.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    expect(listed.Versions!.map((version) => [version.VersionId, version.IsDefaultVersion])).toEqual([['v3', true], ['v2', false], ['v1', false]])
    const page = await root.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }))
    expect(page).toMatchObject({ IsTruncated: true, Versions: [{ VersionId: 'v3' }, { VersionId: 'v2' }] })
    const next = await root.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: page.Marker }))
    expect(next).toMatchObject({ IsTruncated: false, Versions: [{ VersionId: 'v1' }] })

    await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:A') }))
    await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:B') }))
    expect(await sdkError(root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:C') })))).toEqual({
      code: 'LimitExceededException', status: 409,
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    })
    expect(await sdkError(root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })))).toEqual({
      code: 'DeleteConflictException', status: 409, message: 'Cannot delete the default version of a policy.',
    })
    await root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }))
    expect((await root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:D') }))).PolicyVersion!.VersionId).toBe('v6')

    await root.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))
    expect((await root.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion!.IsDefaultVersion).toBe(true)
    for (const versionId of ['v9', 'v5']) {
      expect(await sdkError(root.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })))).toEqual({
        code: 'NoSuchEntityException', status: 404, message: `Policy ${arn} version ${versionId} does not exist or is not attachable.`,
      })
    }
    expect((await sdkError(root.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })))).status).toBe(404)
    expect((await sdkError(root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })))).status).toBe(404)
    expect(await sdkError(root.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'version1' })))).toMatchObject({ code: 'ValidationError', status: 400 })

    expect(await sdkError(root.send(new DeletePolicyCommand({ PolicyArn: arn })))).toEqual({
      code: 'DeleteConflictException', status: 409,
      message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    })
    for (const versionId of ['v2', 'v3', 'v4', 'v6']) await root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }))
    await root.send(new DeletePolicyCommand({ PolicyArn: arn }))
    expect((await sdkError(root.send(new ListPolicyVersionsCommand({ PolicyArn: arn })))).status).toBe(404)
  })
})

describe(`concurrent changes (${backend})`, () => {
  it('racing creates and versions end in IAM errors, never a 500, and never pass the quota', async () => {
    const creates = await Promise.allSettled(Array.from({ length: 5 }, () =>
      root.send(new CreatePolicyCommand({ PolicyName: 'Raced', PolicyDocument: doc('s3:*') }))))
    expect(creates.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of creates.filter((o) => o.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'EntityAlreadyExistsException', $metadata: { httpStatusCode: 409 } })
    }
    const arn = policyArn('Raced')
    const versions = await Promise.allSettled(Array.from({ length: 6 }, (_, i) =>
      root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`s3:Get${i}`), SetAsDefault: i % 2 === 0 }))))
    expect(versions.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(4)
    for (const outcome of versions.filter((o) => o.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'LimitExceededException', $metadata: { httpStatusCode: 409 } })
    }
    const listed = await root.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))
    expect(listed.Versions!.map((version) => version.VersionId)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1'])
    expect(listed.Versions!.filter((version) => version.IsDefaultVersion)).toHaveLength(1)
  })
})

describe(`users' policies (${backend})`, () => {
  it('puts, gets, lists and deletes inline policies', async () => {
    await root.send(new PutUserPolicyCommand({ UserName: 'target', PolicyName: 'b-inline', PolicyDocument: doc('s3:GetObject') }))
    await root.send(new PutUserPolicyCommand({ UserName: 'TARGET', PolicyName: 'a-inline', PolicyDocument: doc('s3:PutObject') }))
    const got = await root.send(new GetUserPolicyCommand({ UserName: 'target', PolicyName: 'a-inline' }))
    expect(got).toMatchObject({ UserName: 'target', PolicyName: 'a-inline' })
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(doc('s3:PutObject'))
    expect((await root.send(new ListUserPoliciesCommand({ UserName: 'target' }))).PolicyNames).toEqual(['a-inline', 'b-inline'])
    const page = await root.send(new ListUserPoliciesCommand({ UserName: 'target', MaxItems: 1 }))
    expect(page).toMatchObject({ PolicyNames: ['a-inline'], IsTruncated: true })
    expect(await root.send(new ListUserPoliciesCommand({ UserName: 'target', Marker: page.Marker }))).toMatchObject({ PolicyNames: ['b-inline'], IsTruncated: false })

    await root.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'a-inline' }))
    await root.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'b-inline' }))
    expect(await sdkError(root.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'a-inline' })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: 'The user policy with name a-inline cannot be found.',
    })
    expect((await sdkError(root.send(new GetUserPolicyCommand({ UserName: 'target', PolicyName: 'a-inline' })))).message).toBe('The user policy with name a-inline cannot be found.')
    expect(await sdkError(root.send(new PutUserPolicyCommand({ UserName: 'ghost', PolicyName: 'p', PolicyDocument: doc('s3:*') })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: 'The user with name ghost cannot be found.',
    })
    expect((await sdkError(root.send(new ListUserPoliciesCommand({ UserName: 'ghost' })))).status).toBe(404)
    // The user's inline policies together stay within 2,048 characters.
    await root.send(new PutUserPolicyCommand({ UserName: 'target', PolicyName: 'half', PolicyDocument: doc(`s3:${'x'.repeat(1000)}`) }))
    expect(await sdkError(root.send(new PutUserPolicyCommand({ UserName: 'target', PolicyName: 'other-half', PolicyDocument: doc(`s3:${'y'.repeat(1000)}`) })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Maximum policy size of 2048 bytes exceeded for user target',
    })
    await root.send(new DeleteUserPolicyCommand({ UserName: 'target', PolicyName: 'half' }))
  })

  it('attaches and detaches managed policies, at most ten per user', async () => {
    const arns: string[] = []
    for (let i = 0; i < 11; i++) {
      const created = await root.send(new CreatePolicyCommand({ PolicyName: `Quota${String(i).padStart(2, '0')}`, Path: '/quota/', PolicyDocument: doc('s3:*') }))
      arns.push(created.Policy!.Arn!)
    }
    for (const arn of arns.slice(0, 10)) await root.send(new AttachUserPolicyCommand({ UserName: 'quota', PolicyArn: arn }))
    await root.send(new AttachUserPolicyCommand({ UserName: 'quota', PolicyArn: arns[0] }))
    expect(await sdkError(root.send(new AttachUserPolicyCommand({ UserName: 'quota', PolicyArn: arns[10] })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for PoliciesPerUser: 10',
    })
    const listed = await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'quota', MaxItems: 6 }))
    expect(listed.IsTruncated).toBe(true)
    const rest = await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'quota', Marker: listed.Marker }))
    expect([...listed.AttachedPolicies!, ...rest.AttachedPolicies!].map((policy) => policy.PolicyArn)).toEqual(arns.slice(0, 10))
    expect(rest.AttachedPolicies![0]).toEqual({ PolicyName: 'Quota06', PolicyArn: arns[6] })
    expect((await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'quota', PathPrefix: '/elsewhere/' }))).AttachedPolicies).toEqual([])
    expect((await root.send(new GetPolicyCommand({ PolicyArn: arns[0] }))).Policy!.AttachmentCount).toBe(1)

    for (const arn of arns.slice(0, 10)) await root.send(new DetachUserPolicyCommand({ UserName: 'quota', PolicyArn: arn }))
    expect(await sdkError(root.send(new DetachUserPolicyCommand({ UserName: 'quota', PolicyArn: arns[0] })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `Policy ${arns[0]} was not found.`,
    })
    expect(await sdkError(root.send(new AttachUserPolicyCommand({ UserName: 'quota', PolicyArn: policyArn('Nope') })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `Policy ${policyArn('Nope')} does not exist or is not attachable.`,
    })
    const awsManaged = 'arn:aws:iam::aws:policy/ReadOnlyAccess'
    expect((await sdkError(root.send(new AttachUserPolicyCommand({ UserName: 'quota', PolicyArn: awsManaged })))).message).toBe(`Policy ${awsManaged} does not exist or is not attachable.`)
    expect((await sdkError(root.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: arns[0] })))).message).toBe('The user with name ghost cannot be found.')
    expect(await sdkError(root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'quota', PermissionsBoundary: policyArn('Nope') })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `Scope ARN: ${policyArn('Nope')} does not exist or is not attachable.`,
    })
  })
})

describe(`decisions follow the API at once (${backend})`, () => {
  const refused = async () => {
    const error = await sdkError(nobody.send(new ListPoliciesCommand({})))
    expect(error).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(error.message).toMatch(new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: iam:ListPolicies on resource: \\*`))
  }
  const allowed = async () => expect((await nobody.send(new ListPoliciesCommand({}))).Policies).toBeDefined()

  it('an inline policy, an attached policy, its default version and a boundary decide the next request', async () => {
    await refused()
    await root.send(new PutUserPolicyCommand({ UserName: 'nobody', PolicyName: 'list', PolicyDocument: doc('iam:ListPolicies') }))
    await allowed()
    await root.send(new DeleteUserPolicyCommand({ UserName: 'nobody', PolicyName: 'list' }))
    await refused()

    const { Policy } = await root.send(new CreatePolicyCommand({ PolicyName: 'MayList', PolicyDocument: doc('iam:ListPolicies') }))
    await root.send(new AttachUserPolicyCommand({ UserName: 'nobody', PolicyArn: Policy!.Arn }))
    await allowed()
    await root.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: doc('iam:GetPolicy'), SetAsDefault: true }))
    await refused()
    await root.send(new SetDefaultPolicyVersionCommand({ PolicyArn: Policy!.Arn, VersionId: 'v1' }))
    await allowed()

    const boundary = await root.send(new CreatePolicyCommand({ PolicyName: 'OnlyGetPolicy', PolicyDocument: doc('iam:GetPolicy') }))
    await root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'nobody', PermissionsBoundary: boundary.Policy!.Arn }))
    await refused()
    expect((await root.send(new GetPolicyCommand({ PolicyArn: boundary.Policy!.Arn }))).Policy!.PermissionsBoundaryUsageCount).toBe(1)
    await root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'nobody' }))
    await allowed()
    await root.send(new DetachUserPolicyCommand({ UserName: 'nobody', PolicyArn: Policy!.Arn }))
    await refused()
  })
})
