import { describe, expect, it } from 'vitest'
import { baseConfig, problemsOf } from '../../fixtures/apply/base-config.ts'

// How the config file uses the policy engine's parser (src/policy/parse-policy.ts, tested in
// test/unit/policy): kinds, size quotas, and paths that run from the file into the document.

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }
const trust = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement })

describe('policy documents in a config file', () => {
  it('accepts a document as a JSON string, and refuses a string that is not JSON, saying where', () => {
    const config = baseConfig()
    config.accounts[0].managedPolicies[0].document = JSON.stringify(doc(allow), null, 2)
    expect(problemsOf(config)).toEqual([])
    config.accounts[0].managedPolicies[0].document = '{"Version": "2012-10-17",'
    expect(problemsOf(config)).toEqual([
      'accounts[0].managedPolicies[0].document: Syntax errors in policy: expected a key in double quotes at line 1, column 26',
    ])
  })

  it('refuses a JSON string with a duplicate key, which a mapping could not express', () => {
    const config = baseConfig()
    config.accounts[0].users[0].inlinePolicies[0].document =
      '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}}'
    expect(problemsOf(config)).toEqual([
      'accounts[0].users[0].inlinePolicies[0].document.Statement: duplicate key "Effect" at line 1, column 54',
    ])
  })

  it('refuses what is neither a mapping nor a string', () => {
    const config = baseConfig()
    config.accounts[0].managedPolicies[0].document = ['x']
    expect(problemsOf(config)).toEqual(['accounts[0].managedPolicies[0].document: expected a policy document (a mapping, or a JSON string)'])
  })

  it('checks identity documents as identity policies and trust policies as trust policies', () => {
    const config = baseConfig()
    const account = config.accounts[0]
    account.managedPolicies[0].document = doc({ ...allow, Principal: '*' })
    account.roles[0].trustPolicy = doc({ ...trust, Resource: '*' }, { ...trust, Action: 's3:GetObject' })
    expect(problemsOf(config)).toEqual([
      'accounts[0].managedPolicies[0].document.Statement[0].Principal: not allowed in an identity-based policy (Principal and NotPrincipal belong in resource-based and trust policies)',
      'accounts[0].roles[0].trustPolicy.Statement[0].Resource: not allowed in a trust policy (the role it belongs to is the resource)',
      'accounts[0].roles[0].trustPolicy.Statement[1].Action: a trust policy may only allow sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity, sts:SetContext, or a wildcard matching one of them',
    ])
  })

  it('names a condition key with dots in brackets, as every other path of the file', () => {
    const config = baseConfig()
    config.accounts[0].roles[1].trustPolicy.Statement[0].Condition = {
      StringLike: { 'token.actions.githubusercontent.com:sub': [] },
    }
    expect(problemsOf(config)).toEqual([
      'accounts[0].roles[1].trustPolicy.Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]: ' +
        'expected a string, number or boolean, or a non-empty array of them, not an empty array',
    ])
  })

  it('enforces the size quotas at their exact boundaries', () => {
    // A document of exactly `size` characters, compact.
    const sized = (size: number, statement: object = { Effect: 'Allow', Action: 's3:GetObject' }) => {
      const bare = JSON.stringify(doc({ ...statement, Resource: 'arn:aws:s3:::' })).length
      return doc({ ...statement, Resource: `arn:aws:s3:::${'x'.repeat(size - bare)}` })
    }
    const sizedTrust = (size: number) => {
      const bare = JSON.stringify(doc({ ...trust, Principal: { Service: '.amazonaws.com' } })).length
      return doc({ ...trust, Principal: { Service: `${'x'.repeat(size - bare)}.amazonaws.com` } })
    }
    const config = baseConfig()
    const account = config.accounts[0]
    account.users[0].inlinePolicies[0].document = sized(2048)
    account.roles[0].inlinePolicies[0].document = sized(10240)
    account.managedPolicies[0].document = sized(6144)
    account.roles[0].trustPolicy = sizedTrust(2048)
    expect(problemsOf(config)).toEqual([])
    account.users[0].inlinePolicies[0].document = sized(2049)
    account.roles[0].inlinePolicies[0].document = sized(10241)
    account.managedPolicies[0].document = sized(6145)
    account.roles[0].trustPolicy = sizedTrust(2049)
    expect(problemsOf(config)).toEqual([
      'accounts[0].users[0].inlinePolicies[0].document: policy is 2049 characters (excluding whitespace); the limit is 2048',
      'accounts[0].managedPolicies[0].document: policy is 6145 characters (excluding whitespace); the limit is 6144',
      'accounts[0].roles[0].trustPolicy: policy is 2049 characters (excluding whitespace); the limit is 2048',
      'accounts[0].roles[0].inlinePolicies[0].document: policy is 10241 characters (excluding whitespace); the limit is 10240',
    ])
  })

  it('counts characters without whitespace, so spaces inside values do not count', () => {
    const config = baseConfig()
    const padded = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/x': ' '.repeat(3000) } } })
    config.accounts[0].users[0].inlinePolicies[0].document = padded
    expect(problemsOf(config)).toEqual([])
  })
})
