import { CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, ListPoliciesCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { iamClient } from '../../support/iam-client.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] })
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })

// PathPrefix is plain characters: `_` and `%` in a path are themselves, not SQL LIKE wildcards.
describe(`PathPrefix of the IAM list actions on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(`accounts: [{ id: "${ACCOUNT}" }]`) })
  afterAll(() => server.close())

  it('matches the characters given, wildcards included, for users, roles and policies', async () => {
    const iam = iamClient(server.url)
    for (const [name, path] of [['plain', '/axb/'], ['underscore', '/a_b/'], ['percent', '/a%b\\c/']]) {
      await iam.send(new CreateUserCommand({ UserName: name, Path: path }))
      await iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: TRUST }))
    }
    // Policy paths allow `_`, not `%`.
    await iam.send(new CreatePolicyCommand({ PolicyName: 'plain', Path: '/axb/', PolicyDocument: POLICY }))
    await iam.send(new CreatePolicyCommand({ PolicyName: 'underscore', Path: '/a_b/', PolicyDocument: POLICY }))

    const users = async (PathPrefix: string) => (await iam.send(new ListUsersCommand({ PathPrefix }))).Users!.map((user) => user.UserName)
    const roles = async (PathPrefix: string) => (await iam.send(new ListRolesCommand({ PathPrefix }))).Roles!.map((role) => role.RoleName)
    const policies = async (PathPrefix: string) => (await iam.send(new ListPoliciesCommand({ PathPrefix }))).Policies!.map((policy) => policy.PolicyName)
    for (const list of [users, roles]) {
      expect(await list('/a_')).toEqual(['underscore'])
      expect(await list('/a%')).toEqual(['percent'])
      expect(await list('/a%b\\')).toEqual(['percent'])
      expect(await list('/a')).toEqual(['percent', 'plain', 'underscore'])
    }
    // ListPolicies' PathPrefix is a whole path (it must end with "/").
    expect(await policies('/a_b/')).toEqual(['underscore'])
    expect(await policies('/')).toEqual(['plain', 'underscore'])
  })
})
