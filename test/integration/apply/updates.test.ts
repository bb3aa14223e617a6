import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatPlan } from '../../../src/apply/index.ts'
import { baseConfig, baseYaml, configText, type ConfigData } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { openApplyHarness, type ApplyHarness } from './apply-harness.ts'

const ACCOUNT = '111122223333'
const document = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] })

describe(`updating from a changed file on ${backend}`, () => {
  let harness: ApplyHarness
  let config: ConfigData
  const applyConfig = async () => formatPlan(await harness.apply(configText(config)))
  beforeEach(async () => {
    harness = await openApplyHarness()
    await harness.apply(baseYaml)
    config = baseConfig()
  })
  afterEach(async () => { await harness.database.close() })

  const policyVersions = async () => {
    const policy = await harness.prisma.managedPolicy.findFirstOrThrow({
      where: { accountId: ACCOUNT, nameKey: 'readonly' },
      include: { versions: { orderBy: { versionId: 'asc' } } },
    })
    return { default: policy.defaultVersionId, last: policy.lastVersionNumber, versions: policy.versions.map((version) => version.versionId) }
  }

  it('adds a changed policy document as the new default version, keeping at most five', async () => {
    config.accounts[0].managedPolicies[0].document = document('s3:ListBucket')
    expect(await applyConfig()).toBe(
      '~ update managed-policy arn:aws:iam::111122223333:policy/ReadOnly (document)\nApplied: 0 created, 1 updated, 0 deleted.')
    expect(await policyVersions()).toEqual({ default: 'v2', last: 2, versions: ['v1', 'v2'] })
    const v2 = await harness.prisma.policyVersion.findFirstOrThrow({ where: { versionId: 'v2' } })
    expect(v2.document).toBe(JSON.stringify(document('s3:ListBucket')))
    expect(await applyConfig()).toBe('No changes.')

    for (const action of ['s3:A', 's3:B', 's3:C', 's3:D']) {
      config.accounts[0].managedPolicies[0].document = document(action)
      await applyConfig()
    }
    expect(await policyVersions()).toEqual({ default: 'v6', last: 6, versions: ['v2', 'v3', 'v4', 'v5', 'v6'] })
  })

  it("updates a role's tags and trust policy and removes an inline policy the file no longer lists", async () => {
    const admin = config.accounts[0].roles[0]
    admin.tags = { tier: 'platinum', owner: 'secops' }
    admin.trustPolicy.Statement[0].Action = ['sts:AssumeRoleWithSAML', 'sts:TagSession']
    admin.inlinePolicies = admin.inlinePolicies.filter((policy: { name: string }) => policy.name !== 'NoBilling')
    expect(await applyConfig()).toBe(
      '~ update role arn:aws:iam::111122223333:role/Admin (trustPolicy, tags, inlinePolicies)\nApplied: 0 created, 1 updated, 0 deleted.')
    const role = await harness.prisma.role.findFirstOrThrow({ where: { accountId: ACCOUNT, nameKey: 'admin' }, include: { inlinePolicies: true } })
    expect(role.tags).toEqual([{ Key: 'tier', Value: 'platinum' }, { Key: 'owner', Value: 'secops' }])
    expect(JSON.parse(role.trustPolicy).Statement[0].Action).toEqual(['sts:AssumeRoleWithSAML', 'sts:TagSession'])
    expect(role.inlinePolicies.map((policy) => policy.name)).toEqual(['Everything'])
    expect(await applyConfig()).toBe('No changes.')
  })

  it('moves a user and changes its attachments; re-seals a changed key secret; moves an MFA device', async () => {
    const account = config.accounts[0]
    account.users[0].path = '/staff/'
    account.users[0].attachedPolicies = []
    account.users[0].accessKeys[0].secret = 'N'.repeat(40)
    account.users[0].accessKeys[0].status = 'Inactive'
    account.mfaDevices[0].path = '/phones/'
    account.mfaDevices[0].seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    expect((await applyConfig()).split('\n')).toEqual([
      '~ update user arn:aws:iam::111122223333:user/staff/alice (path, attachedPolicies)',
      '~ update access-key AKIAIOSFODNN7EXAMPLE (status, secret)',
      '~ update mfa-device arn:aws:iam::111122223333:mfa/phones/alice-phone (path, seed)',
      'Applied: 0 created, 3 updated, 0 deleted.',
    ])
    const alice = await harness.prisma.iamUser.findFirstOrThrow({
      where: { accountId: ACCOUNT, nameKey: 'alice' },
      include: { attachedPolicies: true, accessKeys: true, mfaDevices: true },
    })
    expect(alice.path).toBe('/staff/')
    expect(alice.attachedPolicies).toEqual([])
    expect(alice.accessKeys[0]!.status).toBe('Inactive')
    expect(harness.secrets.open(alice.accessKeys[0]!.secretCiphertext, 'access-key:AKIAIOSFODNN7EXAMPLE')).toBe('N'.repeat(40))
    const device = alice.mfaDevices[0]!
    expect(device.serialNumber).toBe('arn:aws:iam::111122223333:mfa/phones/alice-phone')
    expect(harness.secrets.open(device.seedCiphertext, `mfa-seed:${device.serialNumber}`)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(await applyConfig()).toBe('No changes.')
  })

  it('changes mapping rules, providers and the alias in place', async () => {
    const account = config.accounts[0]
    account.alias = 'new-corp'
    account.oidcProviders[0].clientIds = ['stsgate', 'other']
    account.mappingRules[0].when = { attribute: 'groups', anyOf: ['admins', 'root'] }
    account.mappingRules[0].tags = { Team: '${attr:team}' }
    account.mappingRules[1].roles.push('Admin')
    expect((await applyConfig()).split('\n')).toEqual([
      '~ update account 111122223333 (alias)',
      '~ update oidc-provider arn:aws:iam::111122223333:oidc-provider/ci.example.com (clientIds)',
      '~ update mapping-rule 111122223333/admins (when, tags)',
      '~ update mapping-rule 111122223333/deploy (roles)',
      'Applied: 0 created, 4 updated, 0 deleted.',
    ])
    const rule = await harness.prisma.mappingRule.findFirstOrThrow({ where: { accountId: ACCOUNT, name: 'deploy' } })
    expect(rule.roleArns).toEqual(['arn:aws:iam::111122223333:role/ci/Deployer', 'arn:aws:iam::111122223333:role/Admin'])
    expect((await harness.prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT } })).alias).toBe('new-corp')
    expect(await applyConfig()).toBe('No changes.')
  })

  it('takes over a row an API call created, marking it fromConfig', async () => {
    await harness.prisma.role.create({
      data: { id: 'AROAAPICREATEDROLE01', accountId: ACCOUNT, name: 'auditor', nameKey: 'auditor', trustPolicy: '{}' },
    })
    config.accounts[0].roles.push({ name: 'Auditor', trustPolicy: config.accounts[0].roles[0].trustPolicy })
    expect(await applyConfig()).toBe(
      '~ update role arn:aws:iam::111122223333:role/Auditor (name, trustPolicy, fromConfig)\nApplied: 0 created, 1 updated, 0 deleted.')
    expect(await harness.prisma.role.findUniqueOrThrow({ where: { id: 'AROAAPICREATEDROLE01' } })).toMatchObject({ name: 'Auditor', fromConfig: true })
  })
})
