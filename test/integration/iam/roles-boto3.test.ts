import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { iamClient } from '../../support/iam-client.ts'
import { failed, pythonClients, succeeded, iamCall, type Boto3Call } from '../../support/python-clients.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'
import { ALICE, READER, ROLES_CONFIG, allowAll, policyArn, roleArn, trustDocument, trustUser } from './roles-fixture.ts'

type Python = Awaited<ReturnType<typeof pythonClients>>
const json = (text: string) => JSON.parse(text) as unknown

describe(`IAM roles with boto3 on ${backend}`, () => {
  let server: StsTestServer
  let python: Python
  beforeAll(async () => {
    server = await startStsTestServer(ROLES_CONFIG)
    python = await pythonClients(server.url)
  })
  afterAll(async () => {
    await python.close()
    await server.close()
  })

  it('runs every roles action, its successes and its errors', async () => {
    const tags = [{ Key: 'team', Value: 'platform' }, { Key: 'env', Value: 'prod' }]
    const aliceTrust = trustUser(`arn:aws:iam::${ACCOUNT}:user/alice`)
    const calls: Record<string, Boto3Call> = {
      create: iamCall('create_role', {
        RoleName: 'Py', Path: '/py/', AssumeRolePolicyDocument: trustDocument, Description: 'd', MaxSessionDuration: 7200,
        PermissionsBoundary: policyArn('Boundary'), Tags: tags,
      }),
      duplicate: iamCall('create_role', { RoleName: 'PY', AssumeRolePolicyDocument: trustDocument }),
      shortSession: iamCall('create_role', { RoleName: 'Short', AssumeRolePolicyDocument: trustDocument, MaxSessionDuration: 60 }, { validate: false }),
      unknownBoundary: iamCall('create_role', { RoleName: 'Nb', AssumeRolePolicyDocument: trustDocument, PermissionsBoundary: policyArn('Nope') }),
      get: iamCall('get_role', { RoleName: 'Py' }),
      getMissing: iamCall('get_role', { RoleName: 'Gone' }),
      list: iamCall('list_roles', { PathPrefix: '/py/' }),
      update: iamCall('update_role', { RoleName: 'Py', MaxSessionDuration: 10800, Description: 'u' }),
      updateMissing: iamCall('update_role', { RoleName: 'Gone', Description: 'u' }),
      updateDescription: iamCall('update_role_description', { RoleName: 'Py', Description: 'described' }),
      updateTrust: iamCall('update_assume_role_policy', { RoleName: 'Py', PolicyDocument: aliceTrust }),
      updateTrustMalformed: iamCall('update_assume_role_policy', { RoleName: 'Py', PolicyDocument: allowAll }),
      putInline: iamCall('put_role_policy', { RoleName: 'Py', PolicyName: 'inline', PolicyDocument: allowAll }),
      putInlineMissing: iamCall('put_role_policy', { RoleName: 'Gone', PolicyName: 'inline', PolicyDocument: allowAll }),
      getInline: iamCall('get_role_policy', { RoleName: 'Py', PolicyName: 'inline' }),
      getInlineMissing: iamCall('get_role_policy', { RoleName: 'Py', PolicyName: 'nope' }),
      listInline: iamCall('list_role_policies', { RoleName: 'Py' }),
      attach: iamCall('attach_role_policy', { RoleName: 'Py', PolicyArn: policyArn('Team', '/team/') }),
      attachUnknown: iamCall('attach_role_policy', { RoleName: 'Py', PolicyArn: policyArn('Nope') }),
      listAttached: iamCall('list_attached_role_policies', { RoleName: 'Py', PathPrefix: '/team/' }),
      deleteAttached: iamCall('delete_role', { RoleName: 'Py' }),
      detach: iamCall('detach_role_policy', { RoleName: 'Py', PolicyArn: policyArn('Team', '/team/') }),
      detachAgain: iamCall('detach_role_policy', { RoleName: 'Py', PolicyArn: policyArn('Team', '/team/') }),
      deleteInlineLeft: iamCall('delete_role', { RoleName: 'Py' }),
      deleteInline: iamCall('delete_role_policy', { RoleName: 'Py', PolicyName: 'inline' }),
      deleteInlineAgain: iamCall('delete_role_policy', { RoleName: 'Py', PolicyName: 'inline' }),
      deleteBoundary: iamCall('delete_role_permissions_boundary', { RoleName: 'Py' }),
      putBoundaryUnknown: iamCall('put_role_permissions_boundary', { RoleName: 'Py', PermissionsBoundary: policyArn('Nope') }),
      putBoundary: iamCall('put_role_permissions_boundary', { RoleName: 'Py', PermissionsBoundary: policyArn('P2') }),
      tag: iamCall('tag_role', { RoleName: 'Py', Tags: [{ Key: 'a', Value: '1' }, { Key: 'TEAM', Value: 'core' }] }),
      tagDuplicate: iamCall('tag_role', { RoleName: 'Py', Tags: [{ Key: 'x', Value: '1' }, { Key: 'X', Value: '2' }] }),
      listTags: iamCall('list_role_tags', { RoleName: 'Py' }),
      untag: iamCall('untag_role', { RoleName: 'Py', TagKeys: ['env', 'a'] }),
      untagMissing: iamCall('untag_role', { RoleName: 'Gone', TagKeys: ['a'] }),
      listTagsMissing: iamCall('list_role_tags', { RoleName: 'Gone' }),
      final: iamCall('get_role', { RoleName: 'Py' }),
      delete: iamCall('delete_role', { RoleName: 'py' }),
      deleteMissing: iamCall('delete_role', { RoleName: 'Py' }),
      quotaRole: iamCall('create_role', { RoleName: 'Quota', AssumeRolePolicyDocument: trustDocument }),
      ...Object.fromEntries(Array.from({ length: 10 }, (_, n) => [`quota${n + 1}`, iamCall('attach_role_policy', { RoleName: 'Quota', PolicyArn: policyArn(`P${n + 1}`) })])),
      overQuota: iamCall('attach_role_policy', { RoleName: 'Quota', PolicyArn: policyArn('Boundary') }),
    }
    const names = Object.keys(calls)
    const outcomes = await python.boto3(Object.values(calls))
    const ok = (name: string) => succeeded(outcomes[names.indexOf(name)])
    const error = (name: string) => failed(outcomes[names.indexOf(name)])

    const created = ok('create').Role
    expect(created).toMatchObject({
      Path: '/py/', RoleName: 'Py', Arn: roleArn('py/Py'), AssumeRolePolicyDocument: json(trustDocument), Description: 'd', Tags: tags,
      PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('Boundary') },
    })
    expect(created.RoleId).toMatch(/^AROA/)
    expect(created.MaxSessionDuration).toBeUndefined()
    expect(error('duplicate')).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'Role with name PY already exists.' })
    expect(error('shortSession')).toEqual({
      code: 'ValidationError', status: 400,
      message: "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    })
    expect(error('unknownBoundary')).toEqual({ code: 'NoSuchEntity', status: 404, message: `Scope ARN: ${policyArn('Nope')} does not exist or is not attachable.` })
    expect(ok('get').Role).toEqual({ ...created, MaxSessionDuration: 7200, RoleLastUsed: {} })
    expect(error('getMissing')).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role with name Gone cannot be found.' })
    expect(ok('list')).toEqual({
      Roles: [{ Path: '/py/', RoleName: 'Py', RoleId: created.RoleId, Arn: created.Arn, CreateDate: created.CreateDate, AssumeRolePolicyDocument: json(trustDocument), Description: 'd', MaxSessionDuration: 7200 }],
      IsTruncated: false,
    })
    expect(ok('update')).toEqual({})
    expect(error('updateMissing')).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(ok('updateDescription').Role).toMatchObject({ RoleName: 'Py', Description: 'described', MaxSessionDuration: 10800 })
    expect(ok('updateTrust')).toEqual({})
    expect(error('updateTrustMalformed')).toMatchObject({ code: 'MalformedPolicyDocument', status: 400 })
    expect(ok('putInline')).toEqual({})
    expect(error('putInlineMissing')).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role with name Gone cannot be found.' })
    expect(ok('getInline')).toEqual({ RoleName: 'Py', PolicyName: 'inline', PolicyDocument: json(allowAll) })
    expect(error('getInlineMissing')).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role policy with name nope cannot be found.' })
    expect(ok('listInline')).toEqual({ PolicyNames: ['inline'], IsTruncated: false })
    expect(ok('attach')).toEqual({})
    expect(error('attachUnknown')).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${policyArn('Nope')} does not exist or is not attachable.` })
    expect(ok('listAttached')).toEqual({ AttachedPolicies: [{ PolicyName: 'Team', PolicyArn: policyArn('Team', '/team/') }], IsTruncated: false })
    expect(error('deleteAttached')).toEqual({ code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must detach all policies first.' })
    expect(ok('detach')).toEqual({})
    expect(error('detachAgain')).toEqual({ code: 'NoSuchEntity', status: 404, message: `Policy ${policyArn('Team', '/team/')} was not found.` })
    expect(error('deleteInlineLeft')).toEqual({ code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.' })
    expect(ok('deleteInline')).toEqual({})
    expect(error('deleteInlineAgain')).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role policy with name inline cannot be found.' })
    expect(ok('deleteBoundary')).toEqual({})
    expect(error('putBoundaryUnknown')).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(ok('putBoundary')).toEqual({})
    expect(ok('tag')).toEqual({})
    expect(error('tagDuplicate')).toEqual({ code: 'InvalidInput', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' })
    expect(ok('listTags')).toEqual({ Tags: [{ Key: 'TEAM', Value: 'core' }, { Key: 'a', Value: '1' }, { Key: 'env', Value: 'prod' }], IsTruncated: false })
    expect(ok('untag')).toEqual({})
    expect(error('untagMissing')).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(error('listTagsMissing')).toMatchObject({ code: 'NoSuchEntity', status: 404 })
    expect(ok('final').Role).toMatchObject({
      Description: 'described', MaxSessionDuration: 10800, AssumeRolePolicyDocument: json(aliceTrust),
      PermissionsBoundary: { PermissionsBoundaryArn: policyArn('P2') }, Tags: [{ Key: 'TEAM', Value: 'core' }],
    })
    expect(ok('delete')).toEqual({})
    expect(error('deleteMissing')).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role with name Py cannot be found.' })
    ok('quotaRole')
    for (let n = 1; n <= 10; n++) ok(`quota${n}`)
    expect(error('overQuota')).toEqual({ code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for PoliciesPerRole: 10' })
  })

  it('records the last use and lets STS see trust and duration changes at once', async () => {
    const assume = (DurationSeconds?: number): Boto3Call => ({
      service: 'sts', operation: 'assume_role', credentials: ALICE,
      params: { RoleArn: roleArn('Live'), RoleSessionName: 'session', ...(DurationSeconds && { DurationSeconds }) },
    })
    const outcomes = await python.boto3([
      iamCall('create_role', { RoleName: 'Live', AssumeRolePolicyDocument: trustUser(`arn:aws:iam::${ACCOUNT}:user/alice`) }),
      assume(),
      iamCall('get_role', { RoleName: 'Live' }),
      assume(7200),
      iamCall('update_role', { RoleName: 'Live', MaxSessionDuration: 7200 }),
      assume(7200),
      iamCall('update_assume_role_policy', { RoleName: 'Live', PolicyDocument: trustUser(`arn:aws:iam::${ACCOUNT}:user/reader`) }),
      assume(),
    ])
    succeeded(outcomes[1])
    const { RoleLastUsed } = succeeded(outcomes[2]).Role
    expect(RoleLastUsed.Region).toBe('eu-west-1')
    expect(Date.now() - Date.parse(RoleLastUsed.LastUsedDate)).toBeLessThan(60_000)
    expect(failed(outcomes[3])).toMatchObject({ code: 'ValidationError', status: 400 })
    const expiration = Date.parse(succeeded(outcomes[5]).Credentials.Expiration)
    expect(expiration - Date.now()).toBeGreaterThan(7000_000)
    expect(failed(outcomes[7])).toMatchObject({ code: 'AccessDenied', status: 403 })
  })

  it('lets a user allowed iam:GetRole on role/app-* read app-x only; the denial decodes', async () => {
    const [app, db] = await python.boto3([
      iamCall('get_role', { RoleName: 'app-x' }, { credentials: READER }),
      iamCall('get_role', { RoleName: 'db-x' }, { credentials: READER }),
    ])
    expect(succeeded(app).Role.Arn).toBe(roleArn('app-x'))
    const denied = failed(db)
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 })
    const prefix = `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: iam:GetRole on resource: ${roleArn('db-x')}. Encoded authorization failure message: `
    expect(denied.message.startsWith(prefix)).toBe(true)
    const [decoded] = await python.boto3([{ service: 'sts', operation: 'decode_authorization_message', credentials: ROOT, params: { EncodedMessage: denied.message.slice(prefix.length) } }])
    const message = JSON.parse(succeeded(decoded).DecodedMessage) as { allowed: boolean; context: { action: string; resource: string } }
    expect(message.allowed).toBe(false)
    expect(message.context).toMatchObject({ action: 'iam:GetRole', resource: roleArn('db-x') })
  })

  it('pages through 130 roles with list_roles and its Marker: 50, 50, 30, each once and in order', async () => {
    const iam = iamClient(server.url)
    const names = Array.from({ length: 130 }, (_, n) => `bulk-${String(n).padStart(3, '0')}`)
    await Promise.all(names.map((RoleName) => iam.send(new CreateRoleCommand({ RoleName, Path: '/bulk/', AssumeRolePolicyDocument: trustDocument }))))

    const listed: string[] = []
    const pages: number[] = []
    let marker: string | undefined
    do {
      const [outcome] = await python.boto3([iamCall('list_roles', { PathPrefix: '/bulk/', MaxItems: 50, ...(marker && { Marker: marker }) })])
      const page = succeeded(outcome) as { Roles: Array<{ RoleName: string }>; IsTruncated: boolean; Marker?: string }
      listed.push(...page.Roles.map((role) => role.RoleName))
      pages.push(page.Roles.length)
      expect(page.IsTruncated).toBe(page.Marker !== undefined)
      marker = page.Marker
    } while (marker !== undefined)
    expect(pages).toEqual([50, 50, 30])
    expect(listed).toEqual(names)

    const [byDefault, badMarker] = await python.boto3([
      iamCall('list_roles', { PathPrefix: '/bulk/' }),
      iamCall('list_roles', { Marker: 'garbage' }),
    ])
    expect(succeeded(byDefault).Roles).toHaveLength(100)
    expect(succeeded(byDefault).IsTruncated).toBe(true)
    expect(failed(badMarker)).toEqual({ code: 'InvalidInput', status: 400, message: 'Invalid Marker.' })
  })
})
