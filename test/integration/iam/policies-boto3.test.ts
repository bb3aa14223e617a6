import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { failed, pythonClients, succeeded, type Boto3Call, type Boto3Outcome } from '../../support/python-clients.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// The policy actions through unmodified boto3: what botocore sends (booleans, member lists) and
// how it reads our answers (URL-encoded documents it decodes and parses, error Code/status/Message).

const NOBODY = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'M'.repeat(40) }
const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`
const statement = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] })
const doc = (action: string) => JSON.stringify(statement(action))

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: nobody
        accessKeys: [{ id: ${NOBODY.accessKeyId}, secret: "${NOBODY.secretAccessKey}" }]
      - name: target
        path: /staff/
`

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

/** Runs named calls in one python process; the outcomes by name. */
async function run(calls: Array<[string, string, Record<string, unknown>, Boto3Call['credentials']?]>): Promise<Record<string, Boto3Outcome>> {
  const outcomes = await python.boto3(calls.map(([, operation, params, credentials]) => ({ service: 'iam', operation, params, credentials: credentials ?? ROOT, validate: false })))
  return Object.fromEntries(calls.map(([name], index) => [name, outcomes[index]!]))
}

describe(`policy actions through boto3 (${backend})`, () => {
  it('managed policies and versions: success and error paths', async () => {
    const arn = policyArn('Boto', '/py/')
    const r = await run([
      ['create', 'create_policy', { PolicyName: 'Boto', Path: '/py/', PolicyDocument: doc('s3:GetObject'), Description: 'from python', Tags: [{ Key: 'k', Value: 'v' }] }],
      ['duplicate', 'create_policy', { PolicyName: 'BOTO', PolicyDocument: doc('s3:GetObject') }],
      ['malformed', 'create_policy', { PolicyName: 'Broken', PolicyDocument: '{"Statement": []}' }],
      ['get', 'get_policy', { PolicyArn: arn }],
      ['getMissing', 'get_policy', { PolicyArn: policyArn('Missing') }],
      ['list', 'list_policies', { Scope: 'Local', OnlyAttached: false, PathPrefix: '/py/', MaxItems: 10 }],
      ['listAws', 'list_policies', { Scope: 'AWS' }],
      ['badScope', 'list_policies', { Scope: 'Everything' }],
      ['v2', 'create_policy_version', { PolicyArn: arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }],
      ['getV2', 'get_policy_version', { PolicyArn: arn, VersionId: 'v2' }],
      ['getV9', 'get_policy_version', { PolicyArn: arn, VersionId: 'v9' }],
      ['versions', 'list_policy_versions', { PolicyArn: arn }],
      ['deleteDefault', 'delete_policy_version', { PolicyArn: arn, VersionId: 'v2' }],
      ['deletePolicyVersions', 'delete_policy', { PolicyArn: arn }],
      ['setDefault', 'set_default_policy_version', { PolicyArn: arn, VersionId: 'v1' }],
      ['setMissing', 'set_default_policy_version', { PolicyArn: arn, VersionId: 'v7' }],
      ['deleteV2', 'delete_policy_version', { PolicyArn: arn, VersionId: 'v2' }],
      ['versionsAfter', 'list_policy_versions', { PolicyArn: arn }],
      ['v3', 'create_policy_version', { PolicyArn: arn, PolicyDocument: doc('s3:ListBucket') }],
      ['deleteV3', 'delete_policy_version', { PolicyArn: arn, VersionId: 'v3' }],
      ['delete', 'delete_policy', { PolicyArn: arn }],
      ['deleteAgain', 'delete_policy', { PolicyArn: arn }],
    ])
    const policy = succeeded(r.create).Policy
    expect(policy).toMatchObject({ PolicyName: 'Boto', Path: '/py/', Arn: arn, DefaultVersionId: 'v1', IsAttachable: true, AttachmentCount: 0, Description: 'from python' })
    expect(failed(r.duplicate)).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'A policy called BOTO already exists. Duplicate names are not allowed.' })
    expect(failed(r.malformed)).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 })
    expect(succeeded(r.get).Policy).toMatchObject({ PolicyId: policy.PolicyId, Tags: [{ Key: 'k', Value: 'v' }] })
    expect(failed(r.getMissing)).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${policyArn('Missing')} was not found.` })
    expect(succeeded(r.list)).toMatchObject({ IsTruncated: false, Policies: [{ PolicyName: 'Boto' }] })
    expect(succeeded(r.listAws).Policies).toEqual([])
    expect(failed(r.badScope)).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    })
    expect(succeeded(r.v2).PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true })
    // botocore URL-decodes and parses the document.
    expect(succeeded(r.getV2).PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true, Document: statement('s3:PutObject') })
    expect(failed(r.getV9)).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${arn} version v9 does not exist or is not attachable.` })
    expect(succeeded(r.versions).Versions.map((v: { VersionId: string }) => v.VersionId)).toEqual(['v2', 'v1'])
    expect(failed(r.deleteDefault)).toEqual({ code: 'DeleteConflict', status: 409, message: 'Cannot delete the default version of a policy.' })
    expect(failed(r.deletePolicyVersions)).toMatchObject({ code: 'DeleteConflict', status: 409 })
    succeeded(r.setDefault)
    expect(failed(r.setMissing)).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    succeeded(r.deleteV2)
    expect(succeeded(r.versionsAfter).Versions).toMatchObject([{ VersionId: 'v1', IsDefaultVersion: true }])
    expect(succeeded(r.v3).PolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: false })
    succeeded(r.deleteV3)
    succeeded(r.delete)
    expect(failed(r.deleteAgain)).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${arn} was not found.` })
  })

  it("users' inline policies, attachments and boundaries: success and error paths, decided at once", async () => {
    const list = policyArn('PyList')
    const only = policyArn('PyOnlyGet')
    const r = await run([
      ['refused', 'list_policies', {}, NOBODY],
      ['put', 'put_user_policy', { UserName: 'nobody', PolicyName: 'list', PolicyDocument: doc('iam:ListPolicies') }],
      ['allowedInline', 'list_policies', {}, NOBODY],
      ['putGhost', 'put_user_policy', { UserName: 'ghost', PolicyName: 'p', PolicyDocument: doc('s3:*') }],
      ['get', 'get_user_policy', { UserName: 'nobody', PolicyName: 'list' }],
      ['getMissing', 'get_user_policy', { UserName: 'nobody', PolicyName: 'nope' }],
      ['names', 'list_user_policies', { UserName: 'nobody' }],
      ['delete', 'delete_user_policy', { UserName: 'nobody', PolicyName: 'list' }],
      ['deleteAgain', 'delete_user_policy', { UserName: 'nobody', PolicyName: 'list' }],
      ['refusedAgain', 'list_policies', {}, NOBODY],
      ['createList', 'create_policy', { PolicyName: 'PyList', PolicyDocument: doc('iam:ListPolicies') }],
      ['createOnly', 'create_policy', { PolicyName: 'PyOnlyGet', PolicyDocument: doc('iam:GetPolicy') }],
      ['attach', 'attach_user_policy', { UserName: 'nobody', PolicyArn: list }],
      ['attachMissing', 'attach_user_policy', { UserName: 'nobody', PolicyArn: policyArn('Nope') }],
      ['attached', 'list_attached_user_policies', { UserName: 'nobody', PathPrefix: '/' }],
      ['allowedAttached', 'list_policies', { OnlyAttached: true }, NOBODY],
      ['boundary', 'put_user_permissions_boundary', { UserName: 'nobody', PermissionsBoundary: only }],
      ['boundaryMissing', 'put_user_permissions_boundary', { UserName: 'nobody', PermissionsBoundary: policyArn('Nope') }],
      ['bounded', 'list_policies', {}, NOBODY],
      ['unbound', 'delete_user_permissions_boundary', { UserName: 'nobody' }],
      ['unboundGhost', 'delete_user_permissions_boundary', { UserName: 'ghost' }],
      ['allowedUnbound', 'list_policies', {}, NOBODY],
      ['detach', 'detach_user_policy', { UserName: 'nobody', PolicyArn: list }],
      ['detachAgain', 'detach_user_policy', { UserName: 'nobody', PolicyArn: list }],
      ['refusedDetached', 'list_policies', {}, NOBODY],
      ['attachedEmpty', 'list_attached_user_policies', { UserName: 'nobody' }],
      ['listAttachedGhost', 'list_attached_user_policies', { UserName: 'ghost' }],
    ])
    for (const name of ['refused', 'refusedAgain', 'bounded', 'refusedDetached']) {
      const error = failed(r[name])
      expect(error).toMatchObject({ code: 'AccessDenied', status: 403 })
      expect(error.message).toMatch(new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: iam:ListPolicies on resource: \\*`))
    }
    for (const name of ['put', 'allowedInline', 'delete', 'createList', 'createOnly', 'attach', 'allowedAttached', 'boundary', 'unbound', 'allowedUnbound', 'detach']) succeeded(r[name])
    expect(failed(r.putGhost)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name ghost cannot be found.' })
    expect(succeeded(r.get)).toEqual({ UserName: 'nobody', PolicyName: 'list', PolicyDocument: statement('iam:ListPolicies') })
    expect(failed(r.getMissing)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user policy with name nope cannot be found.' })
    expect(succeeded(r.names)).toEqual({ PolicyNames: ['list'], IsTruncated: false })
    expect(failed(r.deleteAgain)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user policy with name list cannot be found.' })
    expect(failed(r.attachMissing)).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${policyArn('Nope')} does not exist or is not attachable.` })
    expect(succeeded(r.attached)).toEqual({ AttachedPolicies: [{ PolicyName: 'PyList', PolicyArn: list }], IsTruncated: false })
    expect(succeeded(r.allowedAttached).Policies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(['PyList'])
    expect(failed(r.boundaryMissing)).toEqual({ code: 'NoSuchEntity', status: 404, message: `Scope ARN: ${policyArn('Nope')} does not exist or is not attachable.` })
    expect(failed(r.unboundGhost)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The user with name ghost cannot be found.' })
    expect(failed(r.detachAgain)).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${list} was not found.` })
    expect(succeeded(r.attachedEmpty)).toEqual({ AttachedPolicies: [], IsTruncated: false })
    expect(failed(r.listAttachedGhost)).toMatchObject({ code: 'NoSuchEntity', status: 404 })
  })
})
