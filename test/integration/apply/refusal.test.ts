import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigFileError } from '../../../src/apply/index.ts'
import { baseConfig, baseYaml, configText, exampleYaml } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { dumpTables, openApplyHarness, type ApplyHarness } from './apply-harness.ts'

/** Runs `apply`, expects a ConfigFileError, and returns its message. */
async function refusal(apply: Promise<unknown>): Promise<string> {
  const error = await apply.then(() => undefined, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(ConfigFileError)
  return (error as ConfigFileError).message
}

describe(`a refused file on ${backend} leaves the database exactly as it was`, () => {
  let harness: ApplyHarness
  beforeEach(async () => {
    harness = await openApplyHarness()
    await harness.apply(baseYaml)
  })
  afterEach(async () => { await harness.database.close() })

  it('refuses the example with a misspelt trust Effect, naming the place', async () => {
    const before = await dumpTables(harness.prisma)
    const broken = exampleYaml.replace(
      '            - Effect: Allow\n              Principal:\n                Federated: arn:aws:iam::123456789012:oidc-provider',
      '            - Effect: Alow\n              Principal:\n                Federated: arn:aws:iam::123456789012:oidc-provider',
    )
    expect(broken).not.toBe(exampleYaml)
    expect(await refusal(harness.apply(broken))).toBe(
      'test.yaml: 1 problem; nothing was applied\n' +
      'accounts[0].roles[1].trustPolicy.Statement[0].Effect: expected "Allow" or "Deny"',
    )
    expect(await dumpTables(harness.prisma)).toEqual(before)
  })

  it('refuses a cross-reference error, even in a file whose other changes are valid', async () => {
    const before = await dumpTables(harness.prisma)
    const config = baseConfig()
    config.accounts[0].roles[0].tags = { tier: 'platinum' }
    config.accounts[0].mappingRules[0].roles = ['Admin', 'Auditor']
    expect(await refusal(harness.apply(configText(config)))).toBe(
      'test.yaml: 1 problem; nothing was applied\n' +
      'accounts[0].mappingRules[0].roles[1]: no role "Auditor" is declared in account 111122223333',
    )
    expect(await dumpTables(harness.prisma)).toEqual(before)
  })

  it('refuses what only the database reveals: an ARN naming nothing, an alias or key id held by another account', async () => {
    await harness.prisma.account.create({ data: { id: '999988887777', alias: 'other-corp' } })
    await harness.prisma.accessKey.create({ data: { id: 'AKIAOTHERACCOUNTKEY2', accountId: '999988887777', secretCiphertext: 'v1.x' } })
    const before = await dumpTables(harness.prisma)
    const config = baseConfig()
    config.accounts[0].alias = 'other-corp'
    config.accounts[0].users[0].attachedPolicies.push('arn:aws:iam::111122223333:policy/NotThere')
    config.accounts[0].rootAccessKeys.push({ id: 'AKIAOTHERACCOUNTKEY2', secret: 'C'.repeat(40) })
    expect(await refusal(harness.apply(configText(config)))).toBe([
      'test.yaml: 3 problems; nothing was applied',
      'accounts[0].alias: "other-corp" is already the alias of account 999988887777',
      'accounts[0].users[0].attachedPolicies[1]: no managed policy arn:aws:iam::111122223333:policy/NotThere exists in account 111122223333',
      'accounts[0].rootAccessKeys[1].id: access key AKIAOTHERACCOUNTKEY2 already belongs to account 999988887777',
    ].join('\n'))
    expect(await dumpTables(harness.prisma)).toEqual(before)
  })
})
