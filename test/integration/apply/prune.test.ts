import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigFileError, formatPlan } from '../../../src/apply/index.ts'
import { baseConfig, baseYaml, configText, type ConfigData } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { dumpTables, openApplyHarness, type ApplyHarness } from './apply-harness.ts'

const ACCOUNT = '111122223333'

describe(`prune on ${backend}`, () => {
  let harness: ApplyHarness
  beforeEach(async () => {
    harness = await openApplyHarness()
    await harness.apply(baseYaml)
    // Rows an API call created, in the declared account.
    const { prisma } = harness
    await prisma.iamUser.create({ data: { id: 'AIDAAPICREATEDUSER001', accountId: ACCOUNT, name: 'bob', nameKey: 'bob' } })
    await prisma.accessKey.create({ data: { id: 'AKIAAPICREATEDKEY001', accountId: ACCOUNT, userId: 'AIDAAPICREATEDUSER001', secretCiphertext: 'v1.x' } })
    await prisma.mappingRule.create({
      data: { accountId: ACCOUNT, name: 'api-rule', providerArn: 'arn:aws:iam::111122223333:saml-provider/idp', predicate: {}, roleArns: [] },
    })
  })
  afterEach(async () => { await harness.database.close() })

  /** base.yaml without the Deployer role, the deploy rule, the OIDC provider, the root key and the user's MFA device. */
  function reduced(): ConfigData {
    const config = baseConfig()
    const account = config.accounts[0]
    account.roles.pop()
    account.mappingRules.pop()
    account.oidcProviders = []
    account.rootAccessKeys = []
    account.mfaDevices = []
    return config
  }

  it('deletes nothing without prune', async () => {
    const before = await dumpTables(harness.prisma)
    expect(formatPlan(await harness.apply(configText(reduced())))).toBe('No changes.')
    expect(await dumpTables(harness.prisma)).toEqual(before)
  })

  it('deletes what a config file created and this one no longer declares, and nothing an API call created', async () => {
    const result = await harness.apply(configText(reduced()), { prune: true })
    expect(formatPlan(result).split('\n')).toEqual([
      '- delete mapping-rule 111122223333/deploy',
      '- delete oidc-provider arn:aws:iam::111122223333:oidc-provider/ci.example.com',
      '- delete access-key AKIAJ2EXAMPLEROOTKEY',
      '- delete mfa-device arn:aws:iam::111122223333:mfa/alice-phone',
      '- delete role arn:aws:iam::111122223333:role/ci/Deployer',
      'Applied: 0 created, 0 updated, 5 deleted.',
    ])
    const { prisma } = harness
    expect((await prisma.role.findMany({ where: { accountId: ACCOUNT } })).map((role) => role.name)).toEqual(['Admin'])
    expect(await prisma.rolePolicyAttachment.count()).toBe(0)
    expect((await prisma.accessKey.findMany({ orderBy: { id: 'asc' } })).map((key) => key.id)).toEqual(['AKIAAPICREATEDKEY001', 'AKIAIOSFODNN7EXAMPLE'])
    expect((await prisma.mappingRule.findMany({ orderBy: { name: 'asc' } })).map((rule) => rule.name)).toEqual(['admins', 'api-rule'])
    expect(await prisma.iamUser.count()).toBe(2)
    expect(formatPlan(await harness.apply(configText(reduced()), { prune: true }))).toBe('No changes.')
  })

  it('refuses to delete a user a key not from config still belongs to, or a policy attached to such a user', async () => {
    const { prisma } = harness
    await prisma.accessKey.create({ data: { id: 'AKIAAPICREATEDKEY002', accountId: ACCOUNT, userId: (await prisma.iamUser.findFirstOrThrow({ where: { nameKey: 'alice' } })).id, secretCiphertext: 'v1.x' } })
    const policy = await prisma.managedPolicy.findFirstOrThrow({ where: { nameKey: 'readonly' } })
    await prisma.userPolicyAttachment.create({ data: { userId: 'AIDAAPICREATEDUSER001', policyId: policy.id } })
    const before = await dumpTables(prisma)
    const config = baseConfig()
    config.accounts[0].users = []
    config.accounts[0].mfaDevices = []
    config.accounts[0].managedPolicies = []
    config.accounts[0].roles[1].attachedPolicies = []
    const error = await harness.apply(configText(config), { prune: true }).then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(ConfigFileError)
    expect((error as Error).message.split('\n')).toEqual([
      'test.yaml: 2 problems; nothing was applied',
      'accounts[0]: cannot delete user arn:aws:iam::111122223333:user/people/alice, which is no longer declared: access key AKIAAPICREATEDKEY002 still belongs to it and was not created by a config file',
      'accounts[0]: cannot delete managed policy arn:aws:iam::111122223333:policy/ReadOnly, which is no longer declared: it is attached to arn:aws:iam::111122223333:user/bob, which was not created by a config file',
    ])
    expect(await dumpTables(prisma)).toEqual(before)
  })

  it('deletes an account a config file created, with everything in it, once no file declares it', async () => {
    const { prisma } = harness
    const other = { id: '444455556666', alias: 'other-corp', users: [{ name: 'carol', accessKeys: [{ id: 'AKIAIOSFODNN7EXAMPL2', secret: 'D'.repeat(40) }] }] }
    const both = baseConfig()
    both.accounts.push(other)
    await harness.apply(configText(both))
    await prisma.role.create({ data: { id: 'AROAAPICREATEDROLE02', accountId: '444455556666', name: 'api-role', nameKey: 'api-role', trustPolicy: '{}' } })

    const result = await harness.apply(baseYaml, { prune: true })
    expect(formatPlan(result).split('\n')).toEqual([
      '- delete access-key AKIAIOSFODNN7EXAMPL2',
      '- delete user arn:aws:iam::444455556666:user/carol',
      '- delete role arn:aws:iam::444455556666:role/api-role',
      '- delete account 444455556666',
      'Applied: 0 created, 0 updated, 4 deleted.',
    ])
    expect((await prisma.account.findMany()).map((account) => account.id)).toEqual([ACCOUNT])
    expect(await prisma.iamUser.count()).toBe(2)
  })
})
