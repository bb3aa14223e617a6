import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApplyExecutionError } from '../../../src/apply/index.ts'
import { baseConfig, baseYaml, configText } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { dumpTables, openApplyHarness, type ApplyHarness } from './apply-harness.ts'

describe(`a write that fails mid-apply on ${backend}`, () => {
  let harness: ApplyHarness
  beforeEach(async () => { harness = await openApplyHarness() })
  afterEach(async () => { await harness.database.close() })

  it('rolls back every earlier write: a stored OIDC provider whose ARN was derived differently holds the URL', async () => {
    // Written outside stsgate's rules (another tool, a hand edit): same URL, an ARN the plan cannot
    // match, so the plan creates a provider and the database's unique (account_id, url) refuses it.
    await harness.prisma.account.create({ data: { id: '111122223333' } })
    await harness.prisma.oidcProvider.create({
      data: { arn: 'arn:aws:iam::111122223333:oidc-provider/CI.EXAMPLE.COM', accountId: '111122223333', url: 'https://ci.example.com' },
    })
    const before = await dumpTables(harness.prisma)

    const error = await harness.apply(baseYaml).then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApplyExecutionError)
    expect((error as Error).message).toMatch(
      /^apply failed at "create oidc-provider arn:aws:iam::111122223333:oidc-provider\/ci\.example\.com" and nothing was changed: .*Unique constraint failed/,
    )
    // The account alias, policy, user, roles, keys, MFA device and SAML provider were written before it.
    expect(await dumpTables(harness.prisma)).toEqual(before)
  })

  it('rolls back updates and deletes too', async () => {
    await harness.apply(baseYaml)
    const before = await dumpTables(harness.prisma)
    // A forced fault on the last write of the plan below (the deletes run after every create).
    await harness.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_policy_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'forced fault'; END $$`)
    await harness.prisma.$executeRawUnsafe(
      'CREATE TRIGGER refuse_policy_delete BEFORE DELETE ON managed_policies FOR EACH ROW EXECUTE FUNCTION refuse_policy_delete()')
    const withTrigger = await dumpTables(harness.prisma)

    const config = baseConfig()
    const account = config.accounts[0]
    account.alias = 'renamed-corp'
    account.roles[0].tags = { tier: 'platinum' }
    account.users[0].accessKeys[0].status = 'Inactive'
    account.users[0].attachedPolicies = []
    account.roles[1].attachedPolicies = []
    account.managedPolicies = []
    account.mappingRules.pop()
    account.oidcProviders = []
    account.roles[1].trustPolicy.Statement[0].Principal = { Service: 'ec2.amazonaws.com' }
    account.mappingRules.push({ name: 'new-rule', provider: 'saml:idp', when: { attribute: 'a', equals: 'b' }, roles: ['Admin'] })
    const error = await harness.apply(configText(config), { prune: true }).then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApplyExecutionError)
    expect((error as Error).message).toMatch(/^apply failed at "delete managed-policy arn:aws:iam::111122223333:policy\/ReadOnly" and nothing was changed: .*forced fault/)
    expect(await dumpTables(harness.prisma)).toEqual(withTrigger)
    expect(withTrigger.managed_policies).toEqual(before.managed_policies)
  })
})
