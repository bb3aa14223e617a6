import { describe, expect, it } from 'vitest'
import { CONDITION_OPERATORS } from '../../../src/policy/document.ts'
import { parseConditionOperator } from '../../../src/policy/parse-condition.ts'
import { validatePolicyDocument } from '../../../src/policy/parse-policy.ts'
import { allow, doc, problems } from './parse-helpers.ts'

// The Condition element: "IAM JSON policy elements: Condition" and "…: Condition operators".

const withCondition = (Condition: unknown) => doc({ ...allow, Condition })
const SCALARS = 'expected a string, number or boolean'

describe('condition operators', () => {
  it.each([
    ['StringEquals', { baseOperator: 'StringEquals', setQualifier: undefined, ifExists: false }],
    ['BoolIfExists', { baseOperator: 'Bool', setQualifier: undefined, ifExists: true }],
    ['ForAnyValue:StringLike', { baseOperator: 'StringLike', setQualifier: 'ForAnyValue', ifExists: false }],
    ['ForAllValues:StringNotEqualsIgnoreCaseIfExists', { baseOperator: 'StringNotEqualsIgnoreCase', setQualifier: 'ForAllValues', ifExists: true }],
    ['Null', { baseOperator: 'Null', setQualifier: undefined, ifExists: false }],
  ])('splits %s', (name, expected) => {
    expect(parseConditionOperator(name)).toEqual(expected)
  })

  it('knows every operator of document.ts, with and without IfExists and set qualifiers (Null aside)', () => {
    for (const operator of CONDITION_OPERATORS) {
      expect(parseConditionOperator(operator)).toMatchObject({ baseOperator: operator })
      if (operator === 'Null') continue
      expect(parseConditionOperator(`ForAnyValue:${operator}IfExists`)).toMatchObject({ baseOperator: operator, ifExists: true })
    }
  })

  it.each([
    ['StringEqual', 'unknown condition operator "StringEqual"'],
    ['stringequals', 'unknown condition operator "stringequals" (did you mean "StringEquals"?)'],
    ['String Equals', 'unknown condition operator "String Equals"'],
    ['IfExists', 'unknown condition operator "IfExists"'],
    ['NullIfExists', '"NullIfExists": IfExists cannot be added to Null, which already tests whether the key exists'],
    ['ForAll:StringEquals', 'unknown set qualifier "ForAll" in "ForAll:StringEquals" (expected ForAllValues or ForAnyValue)'],
    ['forallvalues:StringEquals', 'unknown set qualifier "forallvalues" in "forallvalues:StringEquals" (expected ForAllValues or ForAnyValue)'],
    ['ForAnyValue:Null', '"ForAnyValue:Null": ForAllValues and ForAnyValue cannot qualify Null'],
    ['ForAnyValue:', 'unknown condition operator "ForAnyValue:"'],
    ['ForAnyValue:ForAllValues:StringLike', 'unknown condition operator "ForAnyValue:ForAllValues:StringLike"'],
  ])('refuses %s', (name, problem) => {
    expect(parseConditionOperator(name)).toEqual({ problem })
    expect(problems(withCondition({ [name]: { 'aws:username': 'x' } }))).toEqual([`Statement[0].Condition: ${problem}`])
  })
})

describe('condition blocks', () => {
  it.each<[string, unknown, string[]]>([
    ['a Condition that is a list', [], [`Statement[0].Condition: expected an object mapping condition operators to conditions, not an empty array`]],
    ['an operator whose value is a string', { StringLike: 'x' }, ['Statement[0].Condition.StringLike: expected an object mapping condition keys to values, not a string']],
    ['a key without a prefix', { StringEquals: { username: 'x' } }, ['Statement[0].Condition.StringEquals: "username" is not a condition key (expected prefix:name, e.g. aws:username)']],
    ['a key with an empty name', { StringEquals: { 'aws:': 'x' } }, ['Statement[0].Condition.StringEquals: "aws:" is not a condition key (expected prefix:name, e.g. aws:username)']],
    ['a value that is an object', { Bool: { 'aws:SecureTransport': { nested: true } } }, [
      `Statement[0].Condition.Bool.aws:SecureTransport: ${SCALARS}, or a non-empty array of them, not an object`,
    ]],
    ['an empty value list', { StringEquals: { 'aws:username': [] } }, [
      `Statement[0].Condition.StringEquals.aws:username: ${SCALARS}, or a non-empty array of them, not an empty array`,
    ]],
    ['null as a value', { StringEquals: { 'aws:username': null } }, [`Statement[0].Condition.StringEquals.aws:username: ${SCALARS}, or a non-empty array of them, not null`]],
    ['null and a list inside a value list', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', null, ['x']] } }, [
      `Statement[0].Condition.IpAddress.aws:SourceIp[1]: ${SCALARS}, not null`,
      `Statement[0].Condition.IpAddress.aws:SourceIp[2]: ${SCALARS}, not an array`,
    ]],
    ['a key with dots, named in brackets', { StringLike: { 'token.actions.githubusercontent.com:sub': {} } }, [
      `Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]: ${SCALARS}, or a non-empty array of them, not an object`,
    ]],
  ])('refuses %s', (_name, condition, expected) => {
    expect(problems(withCondition(condition))).toEqual(expected)
  })

  it('turns numbers and booleans into their JSON text, as written', () => {
    const text = '{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{' +
      '"NumericLessThan":{"aws:MultiFactorAuthAge":[3600,1.50,-2.250]},"Bool":{"aws:SecureTransport":false}}}}'
    const result = validatePolicyDocument(text, 'identity')
    expect('document' in result && result.document.statements[0]?.conditions.map((condition) => condition.values)).toEqual([
      ['3600', '1.50', '-2.250'],
      ['false'],
    ])
  })

  it('accepts keys of services, identity providers and tags, each kept as written', () => {
    const keys = ['aws:PrincipalTag/Cost Center', 'SAML:aud', 'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub', 'aws:ResourceTag/${aws:username}', 's3:x-amz-acl']
    const result = validatePolicyDocument(JSON.stringify(withCondition({ StringEquals: Object.fromEntries(keys.map((key) => [key, 'v'])) })), 'identity')
    expect('document' in result && result.document.statements[0]?.conditions.map((condition) => condition.key)).toEqual(keys)
  })

  it('accepts an empty Condition, which adds no conditions', () => {
    const result = validatePolicyDocument(JSON.stringify(withCondition({})), 'identity')
    expect('document' in result && result.document.statements[0]?.conditions).toEqual([])
  })
})

describe('condition values their operator cannot read (conditions/value-problems.ts)', () => {
  it.each<[string, unknown, string[]]>([
    ['a word for a number', { NumericLessThan: { 'aws:MultiFactorAuthAge': 'soon' } }, ['Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge: NumericLessThan needs a number, not "soon"']],
    ['a bad address among good ones', { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '10.0.0.300'] } }, [
      'Statement[0].Condition.NotIpAddress.aws:SourceIp[1]: NotIpAddress needs an IPv4 or IPv6 address or CIDR range, not "10.0.0.300"',
    ]],
    ['a word for Null', { Null: { 'aws:TokenIssueTime': 'yes' } }, ['Statement[0].Condition.Null.aws:TokenIssueTime: Null needs true or false, not "yes"']],
    ['a word for a date, under a set qualifier and IfExists', { 'ForAnyValue:DateGreaterThanIfExists': { 'aws:CurrentTime': 'tomorrow' } }, [
      'Statement[0].Condition.ForAnyValue:DateGreaterThanIfExists.aws:CurrentTime: DateGreaterThan needs an ISO 8601 date or epoch seconds, not "tomorrow"',
    ]],
  ])('refuses %s', (_name, condition, expected) => {
    expect(problems(withCondition(condition))).toEqual(expected)
  })

  it('reads a Bool value with a policy variable as a variable only under 2012-10-17', () => {
    const condition = { Bool: { 'aws:SecureTransport': '${aws:MultiFactorAuthPresent}' } }
    expect(problems(withCondition(condition))).toEqual([])
    expect(problems({ ...withCondition(condition), Version: '2008-10-17' })).toEqual([
      'Statement[0].Condition.Bool.aws:SecureTransport: Bool needs true or false, not "${aws:MultiFactorAuthPresent}"',
    ])
  })
})
