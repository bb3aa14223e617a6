import { describe, expect, it } from 'vitest'
import { ConfigFileError } from '../../../src/apply/config-file-error.ts'
import { parseConfigText } from '../../../src/apply/parse-config-text.ts'
import { baseConfig, baseYaml, configText, exampleYaml, problemsOf } from '../../fixtures/apply/base-config.ts'

describe('config file structure', () => {
  it('accepts the base fixture and the shipped example', () => {
    expect(problemsOf(baseYaml)).toEqual([])
    expect(problemsOf(exampleYaml)).toEqual([])
  })

  it('refuses a misspelt Effect with the path-precise message, the file named on the first line', () => {
    const text = baseYaml.replace('            - Effect: Allow\n              Principal: { Federated', '            - Effect: Alow\n              Principal: { Federated')
    expect(text).not.toBe(baseYaml)
    expect(() => parseConfigText(text, 'stsgate.yaml')).toThrow(new ConfigFileError('stsgate.yaml', [
      { path: 'accounts[0].roles[0].trustPolicy.Statement[0].Effect', message: 'expected "Allow" or "Deny"' },
    ]))
    try {
      parseConfigText(text, 'stsgate.yaml')
    } catch (error) {
      expect((error as Error).message).toBe(
        'stsgate.yaml: 1 problem; nothing was applied\n' +
        'accounts[0].roles[0].trustPolicy.Statement[0].Effect: expected "Allow" or "Deny"',
      )
    }
  })

  it('reports every structural problem of a file at once, each at its place', () => {
    const config = baseConfig()
    const account = config.accounts[0]
    account.id = 11112222333 // YAML number with a digit missing
    account.alias = 'Test_Corp'
    account.users[0].nmae = 'typo'
    account.users[0].path = 'people'
    account.users[0].tags = { team: 42 }
    account.users[0].accessKeys[0] = { id: 'AKIA123', secret: 'short', status: 'Enabled' }
    account.mfaDevices[0].seed = 'jbswy3dpehpk3pxp'
    account.roles[1].maxSessionDuration = 100
    account.roles[1].attachedPolicies = 'ReadOnly'
    account.samlProviders[0].name = 'has space'
    delete account.managedPolicies[0].document
    expect(problemsOf(config)).toEqual([
      'accounts[0].id: expected a 12-digit account id, e.g. "111122223333" (quote ids with a leading zero)',
      'accounts[0].alias: expected 3-63 lower-case letters, digits or single hyphens, not starting or ending with a hyphen',
      'accounts[0].users[0].path: expected a path that starts and ends with "/", e.g. /engineering/ (at most 512 characters)',
      'accounts[0].users[0].tags.team: expected a string (quote numbers and booleans)',
      'accounts[0].users[0].accessKeys[0].id: expected AKIA followed by 16 characters A-Z or 2-7',
      'accounts[0].users[0].accessKeys[0].secret: expected 40 characters A-Z, a-z, 0-9, + or /',
      'accounts[0].users[0].accessKeys[0].status: expected "Active" or "Inactive"',
      'accounts[0].users[0]: unknown key "nmae"',
      'accounts[0].mfaDevices[0].seed: expected 16-64 base32 characters (A-Z, 2-7)',
      'accounts[0].managedPolicies[0].document: required',
      'accounts[0].roles[1].maxSessionDuration: expected 3600-43200 seconds',
      'accounts[0].roles[1].attachedPolicies: expected a list',
      'accounts[0].samlProviders[0].name: expected 1-128 characters: letters, digits and . _ -',
    ])
  })

  it('never quotes a refused secret or seed', () => {
    const config = baseConfig()
    config.accounts[0].users[0].accessKeys[0].secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE!'
    config.accounts[0].mfaDevices[0].seed = 'JBSWY3DPEHPK3PX1'
    const message = (() => {
      try { parseConfigText(configText(config), 'test.yaml') } catch (error) { return (error as Error).message }
      return ''
    })()
    expect(message).toContain('accessKeys[0].secret')
    expect(message).not.toContain('wJalrXUtnFEMI')
    expect(message).not.toContain('JBSWY3DPEHPK3PX1')
  })

  it('checks the top level', () => {
    expect(problemsOf('')).toEqual(['accounts: required'])
    expect(problemsOf('version: 2\naccounts: []\nextra: 1\n')).toEqual(['version: expected 1', '(root): unknown key "extra"'])
    expect(problemsOf('- a\n')).toEqual(['(root): expected a mapping'])
    expect(problemsOf({ accounts: [] })).toEqual([])
  })

  it('reports YAML syntax errors by line and column', () => {
    expect(problemsOf('accounts: []\naccounts: []\n')).toEqual(['line 2, column 1: Map keys must be unique'])
    expect(problemsOf('accounts: [\n')).toHaveLength(1)
  })

  it('accepts an unquoted 12-digit account id, tags as IAM lists, and refuses tag keys duplicated ignoring case', () => {
    const config = baseConfig()
    config.accounts[0].id = 111122223333
    config.accounts[0].roles[0].tags = [{ Key: 'tier', Value: 'gold' }, { Key: 'Owner', Value: 'ops' }]
    expect(problemsOf(config)).toEqual([])
    config.accounts[0].roles[0].tags.push({ Key: 'TIER', Value: 'x' }, { Key: 'bad' })
    expect(problemsOf(config)).toEqual(['accounts[0].roles[0].tags[3]: expected { Key: string, Value: string }'])
    config.accounts[0].roles[0].tags.pop()
    expect(problemsOf(config)).toEqual([
      'accounts[0].roles[0].tags[2]: duplicate tag key "TIER" (tag keys are case-insensitive)',
    ])
  })

  it('checks OIDC provider URLs', () => {
    const withUrl = (url: string) => {
      const config = baseConfig()
      config.accounts[0].oidcProviders[0].url = url
      config.accounts[0].mappingRules[1].provider = `oidc:${url}`
      return problemsOf(config)
    }
    const expected = 'expected an https:// issuer URL without query or fragment (http:// only for localhost or 127.0.0.1)'
    expect(withUrl('http://localhost:8080/realms/dev')).toEqual([])
    expect(withUrl('http://127.0.0.1:9000')).toEqual([])
    expect(withUrl('http://ci.example.com')).toEqual([`accounts[0].oidcProviders[0].url: ${expected}`])
    expect(withUrl('https://ci.example.com/?tenant=1')).toEqual([`accounts[0].oidcProviders[0].url: ${expected}`])
    expect(withUrl('ci.example.com')).toEqual([`accounts[0].oidcProviders[0].url: ${expected}`])
  })

  it('checks mapping rule predicates and session tags', () => {
    const config = baseConfig()
    const rules = config.accounts[0].mappingRules
    rules[0].when = { attribute: 'groups', equals: 'a', anyOf: ['b'] }
    rules[1].when = { all: [] }
    rules[1].tags = { Repo: '${repository}', Count: 3 }
    rules[1].maxSessionDuration = 600
    expect(problemsOf(config)).toEqual([
      'accounts[0].mappingRules[0].when: expected exactly one of equals, anyOf or matches, not several',
      'accounts[0].mappingRules[1].when.all: expected a non-empty list of predicates',
      'accounts[0].mappingRules[1].tags.Repo: expected at most 256 characters; "${" may only start an ${attr:NAME} template',
      'accounts[0].mappingRules[1].tags.Count: expected a string (quote numbers and booleans)',
      'accounts[0].mappingRules[1].maxSessionDuration: expected 900-43200 seconds',
    ])
  })

  it('refuses SAML metadata with a DOCTYPE, and metadata without a signing certificate', () => {
    const config = baseConfig()
    const metadata: string = config.accounts[0].samlProviders[0].metadata
    config.accounts[0].samlProviders[0].metadata = `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n${metadata}`
    expect(problemsOf(config)).toEqual([
      'accounts[0].samlProviders[0].metadata: SAML metadata is not well-formed XML: a DOCTYPE or entity declaration is not allowed',
    ])
    config.accounts[0].samlProviders[0].metadata = metadata.replace('<md:KeyDescriptor>', '<md:KeyDescriptor use="encryption">')
    expect(problemsOf(config)).toEqual([
      'accounts[0].samlProviders[0].metadata: SAML metadata the IDPSSODescriptor has no signing certificate',
    ])
  })
})
