import { describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { parseConfigText } from '../../../src/apply/parse-config-text.ts'
import { baseConfig, configText, problemsOf } from '../../fixtures/apply/base-config.ts'

describe('config file cross-references', () => {
  it('refuses names that no declaration in the same account carries', () => {
    const config = baseConfig()
    const account = config.accounts[0]
    account.users[0].attachedPolicies = ['ReadOnly', 'WriteAll']
    account.mfaDevices[0].user = 'bob'
    account.mappingRules[0].roles = ['Admin', 'Auditor']
    account.mappingRules[0].provider = 'saml:okta'
    account.mappingRules[1].provider = 'oidc:https://other.example.com'
    expect(problemsOf(config)).toEqual([
      'accounts[0].users[0].attachedPolicies[1]: no managed policy "WriteAll" is declared in account 111122223333',
      'accounts[0].mfaDevices[0].user: no user "bob" is declared in account 111122223333',
      'accounts[0].mappingRules[0].provider: no SAML provider "okta" is declared in account 111122223333',
      'accounts[0].mappingRules[0].roles[1]: no role "Auditor" is declared in account 111122223333',
      'accounts[0].mappingRules[1].provider: no OIDC provider with URL "https://other.example.com" is declared in account 111122223333',
    ])
  })

  it('resolves names ignoring case, and refuses duplicates ignoring case', () => {
    const config = baseConfig()
    const account = config.accounts[0]
    account.users[0].attachedPolicies = ['readonly']
    account.mappingRules[0].provider = 'saml:IDP'
    expect(problemsOf(config)).toEqual([])
    account.roles.push({ ...account.roles[0], name: 'ADMIN' })
    account.users[0].inlinePolicies.push({ ...account.users[0].inlinePolicies[0], name: 'assumeadmin' })
    expect(problemsOf(config)).toEqual([
      'accounts[0].users[0].inlinePolicies[1].name: duplicate inline policy name "assumeadmin" (first at accounts[0].users[0].inlinePolicies[0].name; names are case-insensitive)',
      'accounts[0].roles[2].name: duplicate role name "ADMIN" (first at accounts[0].roles[0].name; names are case-insensitive)',
    ])
  })

  it('refuses a duplicate account id, alias, access key id, attachment or OIDC provider', () => {
    const config = baseConfig()
    const second = {
      id: '111122223333',
      alias: 'test-corp',
      rootAccessKeys: [{ id: 'AKIAIOSFODNN7EXAMPLE', secret: 'x'.repeat(40) }],
    }
    config.accounts.push(second)
    config.accounts[0].roles[1].attachedPolicies = ['ReadOnly', 'arn:aws:iam::111122223333:policy/ReadOnly']
    config.accounts[0].oidcProviders.push({ url: 'https://ci.example.com' })
    expect(problemsOf(config)).toEqual([
      'accounts[0].roles[1].attachedPolicies[1]: duplicate attachment of "arn:aws:iam::111122223333:policy/ReadOnly" (first at accounts[0].roles[1].attachedPolicies[0])',
      'accounts[0].oidcProviders[1].url: duplicate OIDC provider "arn:aws:iam::111122223333:oidc-provider/ci.example.com" (first at accounts[0].oidcProviders[0].url)',
      'accounts[1].id: duplicate account "111122223333" (first at accounts[0].id)',
      'accounts[1].alias: duplicate alias "test-corp" (first at accounts[0].alias)',
      'accounts[1].rootAccessKeys[0].id: duplicate access key "AKIAIOSFODNN7EXAMPLE" (first at accounts[0].users[0].accessKeys[0].id)',
    ])
  })

  it('resolves oidc:<url> through the ARN, which keeps a trailing slash: https://x and https://x/ are two providers', () => {
    const config = baseConfig()
    const account = config.accounts[0]
    account.mappingRules[1].provider = 'oidc:https://ci.example.com/'
    expect(problemsOf(config)).toEqual([
      'accounts[0].mappingRules[1].provider: no OIDC provider with URL "https://ci.example.com/" is declared in account 111122223333',
    ])
    account.oidcProviders.push({ url: 'https://ci.example.com/' })
    const state = parseConfigText(configText(config), 'test.yaml')
    expect(state.accounts[0]!.oidcProviders.map((provider) => [provider.url, provider.arn])).toEqual([
      ['https://ci.example.com', 'arn:aws:iam::111122223333:oidc-provider/ci.example.com'],
      ['https://ci.example.com/', 'arn:aws:iam::111122223333:oidc-provider/ci.example.com/'],
    ])
    expect(state.accounts[0]!.mappingRules[1]!.provider.arn).toBe('arn:aws:iam::111122223333:oidc-provider/ci.example.com/')
  })

  it('accepts a key id that encodes this account or none, and refuses one that encodes another', () => {
    const config = baseConfig()
    const own = generateAccessKeyId('AKIA', '111122223333')
    const foreign = generateAccessKeyId('AKIA', '444455556666')
    config.accounts[0].rootAccessKeys.push({ id: own, secret: 'A'.repeat(40) })
    expect(problemsOf(config)).toEqual([])
    config.accounts[0].rootAccessKeys.push({ id: foreign, secret: 'B'.repeat(40) })
    expect(problemsOf(config)).toEqual([
      'accounts[0].rootAccessKeys[2].id: encodes account 444455556666; a key of account 111122223333 must encode it, or be an old-generation id',
    ])
  })

  it('refuses ARNs of another account where only this account makes sense', () => {
    const config = baseConfig()
    config.accounts[0].users[0].attachedPolicies = ['arn:aws:iam::999988887777:policy/ReadOnly']
    config.accounts[0].mappingRules[0].roles = ['arn:aws:iam::999988887777:role/Admin']
    config.accounts[0].mappingRules[0].provider = 'arn:aws:iam::999988887777:saml-provider/idp'
    expect(problemsOf(config)).toEqual([
      'accounts[0].users[0].attachedPolicies[0]: must be a managed policy of account 111122223333',
      'accounts[0].mappingRules[0].provider: must be a SAML or OIDC provider of account 111122223333',
      'accounts[0].mappingRules[0].roles[0]: must be a role of account 111122223333',
    ])
  })

  it('resolves names to ARNs and stores documents compact, in declaration order', () => {
    const state = parseConfigText(configText(baseConfig()), 'test.yaml')
    const account = state.accounts[0]!
    expect(account.users[0]).toMatchObject({
      arn: 'arn:aws:iam::111122223333:user/people/alice',
      nameKey: 'alice',
      tags: [{ Key: 'team', Value: 'platform' }],
      attachedPolicies: [{ arn: 'arn:aws:iam::111122223333:policy/ReadOnly', at: 'accounts[0].users[0].attachedPolicies[0]' }],
      inlinePolicies: [{
        name: 'AssumeAdmin',
        document: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/Admin"}}',
      }],
    })
    expect(account.accessKeys.map((key) => [key.id, key.userNameKey, key.status])).toEqual([
      ['AKIAJ2EXAMPLEROOTKEY', null, 'Inactive'],
      ['AKIAIOSFODNN7EXAMPLE', 'alice', 'Active'],
    ])
    expect(account.mfaDevices[0]).toMatchObject({ serialNumber: 'arn:aws:iam::111122223333:mfa/alice-phone', userNameKey: 'alice' })
    expect(account.roles[1]).toMatchObject({ arn: 'arn:aws:iam::111122223333:role/ci/Deployer', maxSessionDuration: 7200 })
    expect(account.roles[0]!.maxSessionDuration).toBe(3600)
    expect(account.oidcProviders[0]).toEqual({
      arn: 'arn:aws:iam::111122223333:oidc-provider/ci.example.com',
      url: 'https://ci.example.com',
      clientIds: ['stsgate'],
      thumbprints: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    })
    expect(account.samlProviders[0]).toMatchObject({
      arn: 'arn:aws:iam::111122223333:saml-provider/idp',
      entityId: 'https://idp.example.com/metadata',
      validUntil: new Date('2036-01-01T00:00:00Z'),
    })
    expect(account.mappingRules.map((rule) => [rule.name, rule.provider.arn, rule.priority, rule.roles.map((role) => role.arn)])).toEqual([
      ['admins', 'arn:aws:iam::111122223333:saml-provider/idp', 100, ['arn:aws:iam::111122223333:role/Admin']],
      ['deploy', 'arn:aws:iam::111122223333:oidc-provider/ci.example.com', 5, ['arn:aws:iam::111122223333:role/ci/Deployer']],
    ])
    expect(account.mappingRules[1]!.sessionTags).toEqual({ Repo: '${attr:repository}' })
  })
})
