import { describe, expect, it } from 'vitest'
import type { PolicyKind } from '../../../src/policy/document.ts'
import { allow, doc, problems, trust } from './parse-helpers.ts'

// Every refusal of the document and statement grammar with its exact message. Conditions are in
// parse-condition.test.ts, JSON syntax in parse-json.test.ts.

type Refusal = [name: string, document: unknown, kind: PolicyKind, expected: string[]]

const TRUST_ACTIONS = 'sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity, sts:SetContext'
const AWS_PRINCIPAL = 'expected "*", a 12-digit account id, or the ARN of an account (…:root), IAM user or role, assumed-role session or federated user, without wildcards'
const FEDERATED_PRINCIPAL = 'expected a SAML or OIDC provider ARN (arn:aws:iam::123456789012:saml-provider/Name) or an identity provider such as accounts.google.com, without wildcards'
const ACTION = 'expected "*" or an action such as "s3:GetObject" (a service prefix, a colon and an action name; * and ? may stand for any characters in the name)'
const RESOURCE = 'expected "*" or an ARN (arn:partition:service:region:account:resource; an ARN with fewer parts must end in *)'
const STRING_LIST = 'expected a string or a non-empty array of strings'

describe('policy document refusals: the document', () => {
  it.each<Refusal>([
    ['a document that is not an object', ['x'], 'identity', ['expected a policy document (a JSON object with Version and Statement), not an array']],
    ['an unknown top-level element', { ...doc(allow), Extra: 1 }, 'identity', ['unknown element "Extra" (a policy has only Version, Id and Statement)']],
    ['a top-level element in the wrong case', { version: '2012-10-17', Statement: allow }, 'identity', ['unknown element "version" (did you mean "Version"?)']],
    ['an unknown Version', { Version: '2012-10-18', Statement: allow }, 'identity', ['Version: expected "2012-10-17" or "2008-10-17"']],
    ['a Version that is a number', { Version: 2012, Statement: allow }, 'identity', ['Version: expected "2012-10-17" or "2008-10-17", not a number']],
    ['an Id that is not a string', { ...doc(allow), Id: ['a'] }, 'identity', ['Id: expected a string, not an array']],
    ['no Statement', { Version: '2012-10-17' }, 'identity', ['Statement: required']],
    ['an empty Statement array', doc(), 'identity', ['Statement: expected a statement object or a non-empty array of statements, not an empty array']],
    ['a Statement that is a string', { Version: '2012-10-17', Statement: 'x' }, 'identity', ['Statement: expected a statement object or a non-empty array of statements, not a string']],
    ['a statement that is not an object', doc(allow, 'x', null), 'identity', ['Statement[1]: expected a statement object, not a string', 'Statement[2]: expected a statement object, not null']],
    ['a character outside U+0020-U+00FF', doc({ ...allow, Resource: 'arn:aws:s3:::b\u2603' }), 'identity', [
      'Statement[0].Resource: contains U+2603; policy documents may contain only tab, line feed, carriage return and characters U+0020 to U+00FF',
    ]],
    ['an escaped control character in a key', { ...doc(allow), 'a\u0001': 1 }, 'identity', [
      'a key contains U+0001; policy documents may contain only tab, line feed, carriage return and characters U+0020 to U+00FF',
      'unknown element "a\\u0001" (a policy has only Version, Id and Statement)',
    ]],
  ])('refuses %s', (_name, document, kind, expected) => {
    expect(problems(document, kind)).toEqual(expected)
  })

  it('accepts Latin-1 characters, which IAM allows', () => {
    expect(problems(doc({ ...allow, Resource: 'arn:aws:s3:::b/Müller-ÿ' }))).toEqual([])
  })
})

describe('policy document refusals: statements', () => {
  it.each<Refusal>([
    ['an unknown statement element', doc({ ...allow, Foo: 1 }), 'identity', ['Statement[0]: unknown element "Foo"']],
    ['a plural element name', doc({ ...allow, Resources: '*' }), 'identity', ['Statement[0]: unknown element "Resources" (did you mean "Resource"?)']],
    ['a lone statement object, named without an index', { Version: '2012-10-17', Statement: { ...allow, effect: 'Allow' } }, 'identity', [
      'Statement: unknown element "effect" (did you mean "Effect"?)',
    ]],
    ['a missing Effect', doc({ Action: '*', Resource: '*' }), 'identity', ['Statement[0].Effect: required']],
    ['a misspelt Effect', doc({ ...allow, Effect: 'allow' }), 'identity', ['Statement[0].Effect: expected "Allow" or "Deny"']],
    ['an Effect that is a boolean', doc({ ...allow, Effect: true }), 'identity', ['Statement[0].Effect: expected "Allow" or "Deny", not a boolean']],
    ['a Sid with punctuation', doc({ ...allow, Sid: 'read-only' }), 'identity', ['Statement[0].Sid: expected ASCII letters and digits only']],
    ['a Sid that is a number', doc({ ...allow, Sid: 1 }), 'identity', ['Statement[0].Sid: expected a string, not a number']],
    ['a duplicate Sid', doc({ ...allow, Sid: 'A' }, { ...allow, Sid: 'B' }, { ...allow, Sid: 'A' }), 'identity', [
      'Statement[2].Sid: duplicate Sid "A" (Statement[0] has it too)',
    ]],
    ['both Action and NotAction', doc({ ...allow, NotAction: 's3:PutObject' }), 'identity', ['Statement[0]: expected exactly one of Action or NotAction, not both']],
    ['neither Action nor NotAction', doc({ Effect: 'Allow', Resource: '*' }), 'identity', ['Statement[0]: expected exactly one of Action or NotAction']],
    ['neither Resource nor NotResource in an identity policy', doc({ Effect: 'Allow', Action: '*' }), 'identity', [
      'Statement[0]: expected exactly one of Resource or NotResource',
    ]],
    ['both Resource and NotResource in a resource policy', doc({ ...allow, Principal: '*', NotResource: '*' }), 'resource', [
      'Statement[0]: expected exactly one of Resource or NotResource, not both',
    ]],
    ['neither Resource nor NotResource in a session policy', doc({ Effect: 'Allow', Action: '*' }), 'session', [
      'Statement[0]: expected exactly one of Resource or NotResource',
    ]],
  ])('refuses %s', (_name, document, kind, expected) => {
    expect(problems(document, kind)).toEqual(expected)
  })
})

describe('policy document refusals: elements by kind of policy', () => {
  const elsewhere = '(Principal and NotPrincipal belong in resource-based and trust policies)'
  it.each<Refusal>([
    ['a Principal in an identity policy', doc({ ...allow, Principal: '*' }), 'identity', [`Statement[0].Principal: not allowed in an identity-based policy ${elsewhere}`]],
    ['a NotPrincipal in an identity policy', doc({ ...allow, NotPrincipal: { AWS: '111122223333' } }), 'identity', [
      `Statement[0].NotPrincipal: not allowed in an identity-based policy ${elsewhere}`,
    ]],
    ['a Principal in a session policy', doc({ ...allow, Principal: '*' }), 'session', [`Statement[0].Principal: not allowed in a session policy ${elsewhere}`]],
    ['a Principal in a permissions boundary', doc({ ...allow, Principal: '*' }), 'boundary', [`Statement[0].Principal: not allowed in a permissions boundary ${elsewhere}`]],
    ['no Principal in a resource policy', doc(allow), 'resource', ['Statement[0]: expected exactly one of Principal or NotPrincipal']],
    ['no Principal in a trust policy', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', ['Statement[0]: expected exactly one of Principal or NotPrincipal']],
    ['both Principal and NotPrincipal', doc({ ...trust, NotPrincipal: '*' }), 'trust', ['Statement[0]: expected exactly one of Principal or NotPrincipal, not both']],
    ['a Resource in a trust policy', doc({ ...trust, Resource: '*' }), 'trust', ['Statement[0].Resource: not allowed in a trust policy (the role it belongs to is the resource)']],
    ['a NotResource in a trust policy', doc({ ...trust, NotResource: '*' }), 'trust', ['Statement[0].NotResource: not allowed in a trust policy (the role it belongs to is the resource)']],
    ['a non-STS action in a trust policy', doc({ ...trust, Action: ['sts:AssumeRole', 's3:GetObject'] }), 'trust', [
      `Statement[0].Action[1]: a trust policy may only allow ${TRUST_ACTIONS}, or a wildcard matching one of them`,
    ]],
    ['an STS action that does not act on a role', doc({ ...trust, Action: 'sts:GetCallerIdentity' }), 'trust', [
      `Statement[0].Action: a trust policy may only allow ${TRUST_ACTIONS}, or a wildcard matching one of them`,
    ]],
    ['an STS wildcard that matches no trust action', doc({ ...trust, Action: 'sts:Get*' }), 'trust', [
      `Statement[0].Action: a trust policy may only allow ${TRUST_ACTIONS}, or a wildcard matching one of them`,
    ]],
  ])('refuses %s', (_name, document, kind, expected) => {
    expect(problems(document, kind)).toEqual(expected)
  })

  it.each([['*'], ['sts:*'], ['sts:Assume*'], ['STS:assumerolewithsaml'], ['sts:?agSession']])('accepts the trust action %s', (action) => {
    expect(problems(doc({ ...trust, Action: action }), 'trust')).toEqual([])
  })

  it('accepts any well-formed NotAction in a trust policy (a Deny of everything but something)', () => {
    expect(problems(doc({ ...trust, Effect: 'Deny', Action: undefined, NotAction: 's3:GetObject' }), 'trust')).toEqual([])
  })
})

describe('policy document refusals: actions, resources and value types', () => {
  it.each<Refusal>([
    ['an action without a service prefix', doc({ ...allow, Action: 'GetObject' }), 'identity', [`Statement[0].Action: ${ACTION}`]],
    ['an action with a space', doc({ ...allow, Action: ['s3:Get Object'] }), 'identity', [`Statement[0].Action[0]: ${ACTION}`]],
    ['an action with an empty name', doc({ ...allow, NotAction: 's3:', Action: undefined }), 'identity', [`Statement[0].NotAction: ${ACTION}`]],
    ['a wildcard in the service prefix', doc({ ...allow, Action: 's*:GetObject' }), 'identity', [`Statement[0].Action: ${ACTION}`]],
    ['a resource that is not an ARN', doc({ ...allow, Resource: 'data' }), 'identity', [`Statement[0].Resource: ${RESOURCE}`]],
    ['an ARN with five parts', doc({ ...allow, Resource: ['*', 'arn:aws:s3::bucket'] }), 'identity', [`Statement[0].Resource[1]: ${RESOURCE}`]],
    ['an ARN without a partition', doc({ ...allow, NotResource: 'arn::s3:::bucket', Resource: undefined }), 'identity', [`Statement[0].NotResource: ${RESOURCE}`]],
    ['an ARN without a resource', doc({ ...allow, Resource: 'arn:aws:s3:::' }), 'identity', [`Statement[0].Resource: ${RESOURCE}`]],
    ['a short ARN that does not end in *', doc({ ...allow, Resource: 'arn:aws:ec2' }), 'identity', [`Statement[0].Resource: ${RESOURCE}`]],
    ['a wildcard for the service', doc({ ...allow, Resource: ['arn:aws:*', 'arn:aws:s?:::b'] }), 'identity', [
      'Statement[0].Resource[0]: a wildcard cannot stand for the service of a resource ARN',
      'Statement[0].Resource[1]: a wildcard cannot stand for the service of a resource ARN',
    ]],
    ['a number where a string list is needed', doc({ ...allow, Action: 42 }), 'identity', [`Statement[0].Action: ${STRING_LIST}, not a number`]],
    ['an object in a list', doc({ ...allow, Resource: ['*', {}] }), 'identity', ['Statement[0].Resource[1]: expected a string, not an object']],
    ['an empty list', doc({ ...allow, Action: [] }), 'identity', [`Statement[0].Action: ${STRING_LIST}, not an empty array`]],
    ['null where a string list is needed', doc({ ...allow, Resource: null }), 'identity', [`Statement[0].Resource: ${STRING_LIST}, not null`]],
    ['a list inside a list', doc({ ...allow, Action: [['s3:GetObject']] }), 'identity', ['Statement[0].Action[0]: expected a string, not an array']],
  ])('refuses %s', (_name, document, kind, expected) => {
    expect(problems(document, kind)).toEqual(expected)
  })

  // reference_policies_elements_resource: wildcards in any segment but the service's; a * ending
  // the last segment written "can expand to match beyond the colon boundaries".
  it.each([['arn:aws:ec2:*'], ['arn:aws:ec2:us-*'], ['arn:*:iam::*:role/*'], ['arn:aws:s3:::*?*'], ['arn:aws:iam::*:user/${aws:username}']])('accepts the resource %s', (resource) => {
    expect(problems(doc({ ...allow, Resource: resource }))).toEqual([])
  })
})

describe('policy document refusals: principals', () => {
  const principal = (Principal: unknown) => doc({ ...trust, Principal })
  it.each<Refusal>([
    ['a principal list instead of a map', principal(['*']), 'trust', [
      'Statement[0].Principal: expected "*" or an object mapping AWS, Federated, Service or CanonicalUser to principals, not an array',
    ]],
    ['an empty principal map', principal({}), 'trust', ['Statement[0].Principal: expected at least one of AWS, Federated, Service or CanonicalUser']],
    ['an unknown principal type', principal({ Users: 'x' }), 'trust', [
      'Statement[0].Principal: unknown principal type "Users" (expected AWS, Federated, Service or CanonicalUser)',
    ]],
    ['a wildcard inside an account ARN', principal({ AWS: 'arn:aws:iam::*:root' }), 'trust', [`Statement[0].Principal.AWS: ${AWS_PRINCIPAL}`]],
    ['a wildcard inside a role ARN', principal({ AWS: 'arn:aws:iam::111122223333:role/*' }), 'trust', [`Statement[0].Principal.AWS: ${AWS_PRINCIPAL}`]],
    ['an account id with 11 digits', principal({ AWS: ['11112222333'] }), 'trust', [`Statement[0].Principal.AWS[0]: ${AWS_PRINCIPAL}`]],
    ['a user name alone', principal({ AWS: 'alice' }), 'trust', [`Statement[0].Principal.AWS: ${AWS_PRINCIPAL}`]],
    ['an ARN of something that is not a principal', principal({ AWS: 'arn:aws:s3:::bucket' }), 'trust', [`Statement[0].Principal.AWS: ${AWS_PRINCIPAL}`]],
    ['an assumed-role ARN without a session', principal({ AWS: 'arn:aws:sts::111122223333:assumed-role/Reader' }), 'trust', [`Statement[0].Principal.AWS: ${AWS_PRINCIPAL}`]],
    ['an issuer URL with its scheme', principal({ Federated: 'https://accounts.google.com' }), 'trust', [`Statement[0].Principal.Federated: ${FEDERATED_PRINCIPAL}`]],
    ['a provider ARN of another kind', principal({ Federated: 'arn:aws:iam::111122223333:role/idp' }), 'trust', [`Statement[0].Principal.Federated: ${FEDERATED_PRINCIPAL}`]],
    ['a service name without its domain', principal({ Service: 'ec2' }), 'trust', ['Statement[0].Principal.Service: expected a service principal such as ec2.amazonaws.com']],
    ['a CanonicalUser in a trust policy', principal({ CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }), 'trust', [
      'Statement[0].Principal.CanonicalUser: not allowed in a trust policy (canonical user ids are for S3 bucket policies)',
    ]],
    ['a malformed CanonicalUser in a resource policy', doc({ ...allow, Principal: { CanonicalUser: 'abc' } }), 'resource', [
      'Statement[0].Principal.CanonicalUser: expected a canonical user id (64 hexadecimal digits)',
    ]],
    ['a principal value of the wrong type', principal({ AWS: 111122223333 }), 'trust', [`Statement[0].Principal.AWS: ${STRING_LIST}, not a number`]],
  ])('refuses %s', (_name, document, kind, expected) => {
    expect(problems(document, kind)).toEqual(expected)
  })

  it('reports every problem of a document at once, in document order', () => {
    expect(problems(doc({ Sid: 'x-1', Effect: 'allow', Principal: { AWS: 'bob' }, Action: 's3:GetObject', Resource: '*' }, { ...trust, Sid: 'x-1' }), 'trust')).toEqual([
      'Statement[0].Sid: expected ASCII letters and digits only',
      'Statement[0].Effect: expected "Allow" or "Deny"',
      `Statement[0].Principal.AWS: ${AWS_PRINCIPAL}`,
      `Statement[0].Action: a trust policy may only allow ${TRUST_ACTIONS}, or a wildcard matching one of them`,
      'Statement[0].Resource: not allowed in a trust policy (the role it belongs to is the resource)',
      'Statement[1].Sid: expected ASCII letters and digits only',
    ])
  })
})
