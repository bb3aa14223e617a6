import { describe, expect, it } from 'vitest'
import { policyDocumentShapeIssues, type PolicyDocumentKind } from '../../../src/apply/policy-document-shape.ts'
import { formatIssuePath } from '../../../src/apply/issue-path.ts'
import { baseConfig, problemsOf } from '../../fixtures/apply/base-config.ts'

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }
const trust = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement })

const problems = (document: unknown, kind: PolicyDocumentKind = 'identity') =>
  policyDocumentShapeIssues(document, kind).map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`)

describe('policy document shape', () => {
  it.each<[string, unknown, PolicyDocumentKind]>([
    ['one statement object', { Version: '2008-10-17', Statement: allow }, 'identity'],
    ['NotAction and NotResource, lists, Sid, Condition with lists, numbers and booleans', doc({
      Sid: 'Read1', Effect: 'Deny', NotAction: ['iam:*', 'sts:Get*'], NotResource: ['*'],
      Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b'] } },
    }), 'identity'],
    ['a trust policy with principals of every type', doc({ ...trust, Principal: { AWS: ['arn:aws:iam::111122223333:root'], Federated: 'x', Service: 's', CanonicalUser: 'c' } }), 'trust'],
    ['a trust policy with Principal "*" and NotPrincipal', doc({ ...trust, Principal: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: 'a' }, Action: '*' }), 'trust'],
  ])('accepts %s', (_name, document, kind) => {
    expect(problems(document, kind)).toEqual([])
  })

  it.each<[string, unknown, PolicyDocumentKind, string[]]>([
    ['a non-mapping', ['x'], 'identity', ['(root): expected a policy document (a mapping with Version and Statement)']],
    ['a missing Version and an unknown top-level key', { Statement: allow, Extra: 1 }, 'identity', ['(root): unknown key "Extra"', 'Version: required']],
    ['an unknown Version', { Version: '2012-10-18', Statement: allow }, 'identity', ['Version: expected "2012-10-17" or "2008-10-17"']],
    ['no statements', doc(), 'identity', ['Statement: expected at least one statement']],
    ['a statement that is a string', { Version: '2012-10-17', Statement: 'x' }, 'identity', ['Statement: expected a statement or a list of statements']],
    ['a misspelt Effect', doc({ ...allow, Effect: 'allow' }), 'identity', ['Statement[0].Effect: expected "Allow" or "Deny"']],
    ['both Action and NotAction', doc({ ...allow, NotAction: 'x:y' }), 'identity', ['Statement[0]: expected exactly one of Action or NotAction, not both']],
    ['no Action', doc({ Effect: 'Allow', Resource: '*' }), 'identity', ['Statement[0]: expected exactly one of Action or NotAction']],
    ['a malformed action and an empty list', doc({ ...allow, Action: ['s3 GetObject'] }, { ...allow, Action: [] }), 'identity', [
      'Statement[0].Action[0]: expected an action such as "s3:GetObject" or "*"',
      'Statement[1].Action: expected a string or a non-empty list of strings',
    ]],
    ['no Resource in an identity policy', doc({ Effect: 'Allow', Action: '*' }), 'identity', ['Statement[0]: expected exactly one of Resource or NotResource']],
    ['a resource that is not an ARN', doc({ ...allow, Resource: 'data' }), 'identity', ['Statement[0].Resource: expected "*" or an ARN']],
    ['a Principal in an identity policy', doc({ ...allow, Principal: '*' }), 'identity', ['Statement[0].Principal: not allowed in an identity-based policy']],
    ['no Principal in a trust policy', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', ['Statement[0]: expected exactly one of Principal or NotPrincipal']],
    ['a Resource in a trust policy', doc({ ...trust, Resource: '*' }), 'trust', ['Statement[0].Resource: not allowed in a trust policy']],
    ['an unknown principal type', doc({ ...trust, Principal: { Users: 'x' } }), 'trust', [
      'Statement[0].Principal: unknown principal type "Users" (expected AWS, Federated, Service or CanonicalUser)',
    ]],
    ['an unknown statement key, a bad Sid, duplicate Sids', doc({ ...allow, Sid: 'a-b', Resources: '*' }, { ...allow, Sid: 'X' }, { ...allow, Sid: 'X' }), 'identity', [
      'Statement[0]: unknown key "Resources"',
      'Statement[0].Sid: expected letters and digits only',
      'Statement[2].Sid: duplicate Sid "X"',
    ]],
    ['malformed conditions', doc({ ...allow, Condition: { 'String Equals': {}, StringLike: 'x', Bool: { 'aws:SecureTransport': { nested: true } }, IpAddress: { 'aws:SourceIp': [null] } } }), 'identity', [
      'Statement[0].Condition: "String Equals" is not a condition operator',
      'Statement[0].Condition.StringLike: expected a mapping of condition keys to values',
      'Statement[0].Condition.Bool.aws:SecureTransport: expected a string or a non-empty list of strings',
      'Statement[0].Condition.IpAddress.aws:SourceIp[0]: expected a string',
    ]],
  ])('refuses %s', (_name, document, kind, expected) => {
    expect(problems(document, kind)).toEqual(expected)
  })
})

describe('policy documents in a config file', () => {
  it('accepts a document as a JSON string, and refuses a string that is not JSON', () => {
    const config = baseConfig()
    config.accounts[0].managedPolicies[0].document = JSON.stringify(doc(allow), null, 2)
    expect(problemsOf(config)).toEqual([])
    config.accounts[0].managedPolicies[0].document = '{"Version": "2012-10-17",'
    expect(problemsOf(config)).toEqual([
      'accounts[0].managedPolicies[0].document: expected a policy document (a mapping, or a JSON string): the string is not valid JSON',
    ])
  })

  it('enforces the size quotas at their exact boundaries', () => {
    // A document of exactly `size` characters, compact.
    const sized = (size: number, statement: object = { Effect: 'Allow', Action: 's3:GetObject' }) => {
      const bare = JSON.stringify(doc({ ...statement, Resource: 'arn:' })).length
      return doc({ ...statement, Resource: `arn:${'x'.repeat(size - bare)}` })
    }
    const sizedTrust = (size: number) => {
      const bare = JSON.stringify(doc({ ...trust, Principal: { AWS: '' } })).length
      return doc({ ...trust, Principal: { AWS: 'x'.repeat(size - bare) } })
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
      'accounts[0].users[0].inlinePolicies[0].document: is 2049 characters without whitespace; an inline user policy may have at most 2048',
      'accounts[0].managedPolicies[0].document: is 6145 characters without whitespace; a managed policy may have at most 6144',
      'accounts[0].roles[0].trustPolicy: is 2049 characters without whitespace; a role trust policy may have at most 2048',
      'accounts[0].roles[0].inlinePolicies[0].document: is 10241 characters without whitespace; an inline role policy may have at most 10240',
    ])
  })

  it('counts characters without whitespace, so spaces inside values do not count', () => {
    const config = baseConfig()
    const padded = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/x': ' '.repeat(3000) } } })
    config.accounts[0].users[0].inlinePolicies[0].document = padded
    expect(problemsOf(config)).toEqual([])
  })
})
