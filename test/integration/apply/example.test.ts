import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyConfigFile, ConfigFileError, formatPlan } from '../../../src/apply/index.ts'
import { exampleYaml, exampleYamlPath } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { dumpTables, openApplyHarness, rowCounts, type ApplyHarness } from './apply-harness.ts'

const ACCOUNT = '123456789012'

describe(`the shipped example on ${backend}`, () => {
  let harness: ApplyHarness
  beforeEach(async () => { harness = await openApplyHarness() })
  afterEach(async () => { await harness.database.close() })

  it('applies to an empty database, and a second apply changes nothing', async () => {
    const deps = { db: harness.database.db, secrets: harness.secrets }
    const first = await applyConfigFile(exampleYamlPath, { dryRun: false, prune: false }, deps)
    expect(formatPlan(first).split('\n')).toEqual([
      '+ create account 123456789012',
      '+ create managed-policy arn:aws:iam::123456789012:policy/example/ExampleDataReadOnly',
      '+ create user arn:aws:iam::123456789012:user/engineering/alice',
      '+ create role arn:aws:iam::123456789012:role/Admin',
      '+ create role arn:aws:iam::123456789012:role/ci/Deployer',
      '+ create access-key AKIARZPUZDIKFEXAMPLE',
      '+ create mfa-device arn:aws:iam::123456789012:mfa/alice-phone',
      '+ create saml-provider arn:aws:iam::123456789012:saml-provider/corporate-idp',
      '+ create oidc-provider arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      '+ create mapping-rule 123456789012/idp-admins',
      '+ create mapping-rule 123456789012/github-deploy-main',
      'Applied: 11 created, 0 updated, 0 deleted.',
    ])
    const afterFirst = await dumpTables(harness.prisma)

    const second = await applyConfigFile(exampleYamlPath, { dryRun: false, prune: true }, deps)
    expect(second).toEqual({ changes: [], applied: true })
    expect(formatPlan(second)).toBe('No changes.')
    expect(await dumpTables(harness.prisma)).toEqual(afterFirst)
  })

  it('stores what the file declares, in the stored forms other code reads', async () => {
    await harness.apply(exampleYaml)
    const { prisma, secrets } = harness
    expect(await prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT } })).toMatchObject({ alias: 'example-corp', fromConfig: true })

    const alice = await prisma.iamUser.findFirstOrThrow({
      where: { accountId: ACCOUNT, nameKey: 'alice' },
      include: { accessKeys: true, mfaDevices: true, inlinePolicies: true, attachedPolicies: { include: { policy: true } } },
    })
    expect(alice).toMatchObject({ id: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/), path: '/engineering/', fromConfig: true })
    expect(alice.tags).toEqual([{ Key: 'team', Value: 'platform' }, { Key: 'cost-center', Value: '4711' }])
    expect(alice.inlinePolicies.map((policy) => policy.name)).toEqual(['AssumeAdminWithMfa'])
    expect(alice.attachedPolicies.map((attachment) => attachment.policy.name)).toEqual(['ExampleDataReadOnly'])
    const [key] = alice.accessKeys
    expect(key).toMatchObject({ id: 'AKIARZPUZDIKFEXAMPLE', status: 'Active', fromConfig: true })
    expect(secrets.open(key!.secretCiphertext, 'access-key:AKIARZPUZDIKFEXAMPLE')).toBe('ExampleSecretKey/stsgate/DoNotUse+000001')
    const [device] = alice.mfaDevices
    expect(device).toMatchObject({ serialNumber: 'arn:aws:iam::123456789012:mfa/alice-phone', enabledAt: expect.any(Date) })
    expect(secrets.open(device!.seedCiphertext, `mfa-seed:${device!.serialNumber}`)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')

    const policy = await prisma.managedPolicy.findFirstOrThrow({ where: { accountId: ACCOUNT }, include: { versions: true } })
    expect(policy).toMatchObject({ id: expect.stringMatching(/^ANPA/), defaultVersionId: 'v1', lastVersionNumber: 1, path: '/example/' })
    expect(JSON.parse(policy.versions[0]!.document).Statement[1].Action).toEqual(['s3:GetObject', 's3:GetObjectVersion'])

    const roles = await prisma.role.findMany({ where: { accountId: ACCOUNT }, include: { attachedPolicies: true }, orderBy: { nameKey: 'asc' } })
    expect(roles.map((role) => [role.name, role.path, role.maxSessionDuration, role.attachedPolicies.length])).toEqual([
      ['Admin', '/', 14400, 0], ['Deployer', '/ci/', 3600, 1],
    ])

    const saml = await prisma.samlProvider.findFirstOrThrow({ where: { accountId: ACCOUNT } })
    expect(saml).toMatchObject({ name: 'corporate-idp', entityId: 'https://idp.example.com/saml/metadata', fromConfig: true })
    expect(saml.signingCertificates).toHaveLength(1)
    expect(saml.validUntil.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 100)

    expect(await prisma.oidcProvider.findFirstOrThrow({ where: { accountId: ACCOUNT } })).toMatchObject({
      arn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
      thumbprints: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    })
    const rules = await prisma.mappingRule.findMany({ where: { accountId: ACCOUNT }, orderBy: { priority: 'asc' } })
    expect(rules.map((rule) => [rule.name, rule.providerArn, rule.priority, rule.roleArns, rule.sessionTags, rule.maxSessionDuration])).toEqual([
      ['idp-admins', 'arn:aws:iam::123456789012:saml-provider/corporate-idp', 10, ['arn:aws:iam::123456789012:role/Admin'],
        { Department: '${attr:department}', Source: 'corporate-idp' }, 14400],
      ['github-deploy-main', 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com', 100,
        ['arn:aws:iam::123456789012:role/ci/Deployer'], { Repository: '${attr:repository}' }, 3600],
    ])
    expect(rules[1]!.predicate).toEqual({ all: [{ attribute: 'repository_owner', equals: 'example-org' }, { attribute: 'ref', matches: 'refs/heads/main' }] })
  })

  it('dry run lists the plan and writes nothing', async () => {
    const before = await rowCounts(harness.prisma)
    const result = await harness.apply(exampleYaml, { dryRun: true })
    expect(result.applied).toBe(false)
    expect(result.changes).toHaveLength(11)
    expect(formatPlan(result).split('\n').at(-1)).toBe('Plan: 11 to create, 0 to update, 0 to delete.')
    expect(await rowCounts(harness.prisma)).toEqual(before)
    expect(Object.values(before).every((count) => count === 0)).toBe(true)

    await harness.apply(exampleYaml)
    const applied = await dumpTables(harness.prisma)
    expect(formatPlan(await harness.apply(exampleYaml, { dryRun: true, prune: true }))).toBe('No changes.')
    expect(await dumpTables(harness.prisma)).toEqual(applied)
  })

  it('adds to a default account that exists already, without taking it over', async () => {
    const { prisma } = harness
    await prisma.account.create({ data: { id: ACCOUNT } })
    await prisma.iamUser.create({ data: { id: 'AIDAAPICREATEDUSER001', accountId: ACCOUNT, name: 'operator', nameKey: 'operator' } })
    const result = await harness.apply(exampleYaml)
    expect(result.changes[0]).toEqual({ action: 'update', kind: 'account', id: ACCOUNT, fields: ['alias'] })
    expect(result.changes).toHaveLength(11)
    // Not marked fromConfig: a later prune must never delete the account (and its other contents).
    expect(await prisma.account.findUniqueOrThrow({ where: { id: ACCOUNT } })).toMatchObject({ alias: 'example-corp', fromConfig: false })
    expect(formatPlan(await harness.apply('accounts: []', { prune: true }))).not.toContain('delete account')
    expect(await prisma.account.count()).toBe(1)
    expect(await prisma.iamUser.findUnique({ where: { id: 'AIDAAPICREATEDUSER001' } })).not.toBeNull()
  })

  it('refuses a file it cannot read', async () => {
    const deps = { db: harness.database.db, secrets: harness.secrets }
    await expect(applyConfigFile('/nonexistent/stsgate.yaml', { dryRun: false, prune: false }, deps)).rejects.toThrow(
      new ConfigFileError('/nonexistent/stsgate.yaml', [{ path: '(file)', message: 'cannot be read: no such file' }]),
    )
  })
})
