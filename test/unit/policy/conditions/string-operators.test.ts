// String condition operators: "IAM JSON policy elements: Condition operators" (String condition
// operators) and "IAM policy elements: Variables and tags" (IAM User Guide).
import { describe, expect, it } from 'vitest'
import { holds } from './support.ts'

const KEY = 'aws:PrincipalTag/job-category'

describe('StringEquals / StringNotEquals', () => {
  it.each([
    // Operators page example: the principal must be tagged job-category=iamuser-admin.
    ['StringEquals', 'iamuser-admin', { [KEY]: 'iamuser-admin' }, true],
    ['StringEquals', 'iamuser-admin', { [KEY]: 'other' }, false],
    ['StringEquals', 'iamuser-admin', { [KEY]: 'IAMUSER-ADMIN' }, false], // case-sensitive
    ['StringEquals', 'iamuser-admin', {}, false], // "If a user without the tag attempts …, the condition returns false"
    ['StringEquals', 'iamuser-*', { [KEY]: 'iamuser-admin' }, false], // no wildcards: * is an asterisk
    ['StringEquals', 'iamuser-*', { [KEY]: 'iamuser-*' }, true],
    ['StringEquals', '', { [KEY]: '' }, true],
    ['StringNotEquals', 'iamuser-admin', { [KEY]: 'iamuser-admin' }, false],
    ['StringNotEquals', 'iamuser-admin', { [KEY]: 'other' }, true],
    ['StringNotEquals', 'iamuser-admin', { [KEY]: 'IAMUSER-ADMIN' }, true],
    // "If the policy condition requires that the key is not matched … and the right key is not present, the condition is true"
    ['StringNotEquals', 'iamuser-admin', {}, true],
  ] as const)('%s %j with %j: %s', (operator, value, context, expected) => {
    expect(holds(operator, KEY, value, context)).toBe(expected)
  })

  it('ORs several values, and NORs them for the negated operator ("Conditions with multiple context keys or values")', () => {
    const values = ['audit', 'security']
    expect(holds('StringEquals', 'aws:PrincipalTag/role', values, { 'aws:PrincipalTag/role': 'security' })).toBe(true)
    expect(holds('StringEquals', 'aws:PrincipalTag/role', values, { 'aws:PrincipalTag/role': 'dev' })).toBe(false)
    expect(holds('StringNotEquals', 'aws:PrincipalTag/role', values, { 'aws:PrincipalTag/role': 'security' })).toBe(false)
    expect(holds('StringNotEquals', 'aws:PrincipalTag/role', values, { 'aws:PrincipalTag/role': 'audit' })).toBe(false)
    expect(holds('StringNotEquals', 'aws:PrincipalTag/role', values, { 'aws:PrincipalTag/role': 'dev' })).toBe(true)
  })

  it('compares condition key names case-insensitively, tag key part included', () => {
    // Services' tag pages: "The condition tag key Owner matches both Owner and owner because condition key names are not case-sensitive."
    expect(holds('StringEquals', 'AWS:PrincipalTag/OWNER', 'alice', { 'aws:principaltag/owner': 'alice' })).toBe(true)
    expect(holds('StringEquals', 'aws:ResourceTag/Owner', 'alice', { 'aws:ResourceTag/owner': 'alice' })).toBe(true)
  })
})

describe('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
  it.each([
    ['StringEqualsIgnoreCase', 'Marketing', 'MARKETING', true],
    ['StringEqualsIgnoreCase', 'Marketing', 'marketing', true],
    ['StringEqualsIgnoreCase', 'Marketing', 'Sales', false],
    ['StringEqualsIgnoreCase', 'Mark*', 'Marketing', false], // no wildcards
    ['StringNotEqualsIgnoreCase', 'Marketing', 'MARKETING', false],
    ['StringNotEqualsIgnoreCase', 'Marketing', 'Sales', true],
  ] as const)('%s %j with %j: %s', (operator, value, actual, expected) => {
    expect(holds(operator, 'aws:PrincipalTag/dept', value, { 'aws:PrincipalTag/dept': actual })).toBe(expected)
  })

  it('holds for a missing key only in the negated form', () => {
    expect(holds('StringEqualsIgnoreCase', 'k', 'x', {})).toBe(false)
    expect(holds('StringNotEqualsIgnoreCase', 'k', 'x', {})).toBe(true)
  })
})

describe('StringLike / StringNotLike', () => {
  it.each([
    // Operators page: s3:prefix against "", "home/", "home/${aws:username}/".
    ['StringLike', ['', 'home/', 'home/${aws:username}/'], 'home/', true],
    ['StringLike', ['', 'home/', 'home/${aws:username}/'], 'home/alice/', true],
    ['StringLike', ['', 'home/', 'home/${aws:username}/'], 'home/bob/', false],
    ['StringLike', ['', 'home/', 'home/${aws:username}/'], '', true],
    ['StringLike', 'home/${aws:username}/*', 'home/alice/photos/x.jpg', true],
    ['StringLike', 't?.*', 't2.micro', true],
    ['StringLike', 't?.*', 'T2.micro', false], // case-sensitive
    ['StringLike', 't?.*', 'm5.large', false],
    ['StringNotLike', 't?.*', 't2.micro', false],
    ['StringNotLike', 't?.*', 'm5.large', true],
    ['StringNotLike', ['t1.*', 't2.*'], 't2.micro', false],
    ['StringNotLike', ['t1.*', 't2.*'], 'm3.xlarge', true],
  ] as const)('%s %j with %j: %s', (operator, values, actual, expected) => {
    expect(holds(operator, 's3:prefix', values, { 's3:prefix': actual, 'aws:username': 'alice' })).toBe(expected)
  })

  it('holds for a missing key only in the negated form, and IfExists makes both true', () => {
    expect(holds('StringLike', 'ec2:InstanceType', 't2.*', {})).toBe(false)
    expect(holds('StringNotLike', 'ec2:InstanceType', 't2.*', {})).toBe(true)
    // Operators page, …IfExists: "If the key is not present, evaluate the condition element as true."
    expect(holds('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], {})).toBe(true)
    expect(holds('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 't2.nano' })).toBe(true)
    expect(holds('StringLikeIfExists', 'ec2:InstanceType', ['t1.*', 't2.*', 'm3.*'], { 'ec2:InstanceType': 'p4d.24xlarge' })).toBe(false)
    expect(holds('StringNotLikeIfExists', 'ec2:InstanceType', 't2.*', {})).toBe(true)
    expect(holds('StringNotEqualsIfExists', 'k', 'x', { k: 'x' })).toBe(false)
  })
})

describe('policy variables in String values', () => {
  const context = { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'a*', 'sns:endpoint': 'https://example.com/alice/' }

  it('substitutes resolved variables (Variables and tags: the SNS endpoint example)', () => {
    expect(holds('StringLike', 'sns:endpoint', 'https://example.com/${aws:username}/', context)).toBe(true)
    expect(holds('StringEquals', 'aws:PrincipalTag/owner', '${aws:username}', { ...context, 'aws:PrincipalTag/owner': 'alice' })).toBe(true)
    expect(holds('StringEquals', 'aws:PrincipalTag/owner', '${aws:username}', { ...context, 'aws:PrincipalTag/owner': 'bob' })).toBe(false)
    expect(holds('StringEqualsIgnoreCase', 'aws:PrincipalTag/owner', '${aws:username}', { ...context, 'aws:PrincipalTag/owner': 'ALICE' })).toBe(true)
  })

  it('keeps a * from a variable literal', () => {
    expect(holds('StringLike', 'k', '${aws:PrincipalTag/team}', { ...context, k: 'abc' })).toBe(false)
    expect(holds('StringLike', 'k', '${aws:PrincipalTag/team}', { ...context, k: 'a*' })).toBe(true)
  })

  it('treats an unresolved variable as a null value: no match, so the negated operators hold', () => {
    // Variables and tags, "Policy variables with no value": StringEquals/StringLike "do not match";
    // "Inverted condition operators like StringNotEquals or StringNotLike do match against a null value".
    const request = { k: 'x' }
    expect(holds('StringEquals', 'k', '${aws:PrincipalTag/missing}', request)).toBe(false)
    expect(holds('StringLike', 'k', '*${aws:PrincipalTag/missing}*', request)).toBe(false)
    expect(holds('StringNotEquals', 'k', '${aws:PrincipalTag/missing}', request)).toBe(true)
    expect(holds('StringNotLike', 'k', '*${aws:PrincipalTag/missing}*', request)).toBe(true)
    // The other values still count.
    expect(holds('StringEquals', 'k', ['${aws:PrincipalTag/missing}', 'x'], request)).toBe(true)
    expect(holds('StringNotEquals', 'k', ['${aws:PrincipalTag/missing}', 'x'], request)).toBe(false)
  })

  it('uses the default of an unresolved variable', () => {
    const value = "${aws:PrincipalTag/team, 'company-wide'}"
    expect(holds('StringEquals', 'k', value, { k: 'company-wide' })).toBe(true)
    // With the tag present its value wins over the default.
    expect(holds('StringEquals', 'k', value, { k: 'company-wide', 'aws:PrincipalTag/team': 'blue' })).toBe(false)
    expect(holds('StringEquals', 'k', value, { k: 'blue', 'aws:PrincipalTag/team': 'blue' })).toBe(true)
  })

  it('reads ${…} as text under Version 2008-10-17', () => {
    expect(holds('StringEquals', 'k', '${aws:username}', { k: '${aws:username}', 'aws:username': 'alice' }, '2008-10-17')).toBe(true)
    expect(holds('StringEquals', 'k', '${aws:username}', { k: 'alice', 'aws:username': 'alice' }, '2008-10-17')).toBe(false)
  })
})
