// Boolean, Binary and Null operators: "IAM JSON policy elements: Condition operators" (IAM User Guide).
import { describe, expect, it } from 'vitest'
import { holds } from './support.ts'

describe('Bool', () => {
  it.each([
    // Operators page example: deny when "aws:SecureTransport": "false".
    ['false', 'false', true],
    ['false', 'true', false],
    ['true', 'true', true],
    ['TRUE', 'true', true], // case-insensitive on both sides
    ['true', 'True', true],
    [['true', 'false'], 'false', true],
  ] as const)('Bool %j with %j: %s', (value, actual, expected) => {
    expect(holds('Bool', 'aws:SecureTransport', value, { 'aws:SecureTransport': actual })).toBe(expected)
  })

  it('is false for a request value that is not a boolean, and a policy value that is not one never matches', () => {
    expect(holds('Bool', 'k', 'true', { k: 'yes' })).toBe(false)
    expect(holds('Bool', 'k', 'yes', { k: 'true' })).toBe(false)
    expect(holds('Bool', 'k', '1', { k: '1' })).toBe(false)
  })

  it('follows the MFA examples of "AWS global condition context keys" (aws:MultiFactorAuthPresent)', () => {
    const longTerm = {}
    const withoutMfa = { 'aws:MultiFactorAuthPresent': 'false' }
    const withMfa = { 'aws:MultiFactorAuthPresent': 'true' }
    // Deny + Bool false: denies temporary credentials without MFA, not long-term ones ("NOT RECOMMENDED").
    expect([longTerm, withoutMfa, withMfa].map((c) => holds('Bool', 'aws:MultiFactorAuthPresent', 'false', c))).toEqual([false, true, false])
    // Deny + BoolIfExists false: also denies long-term credentials (recommended).
    expect([longTerm, withoutMfa, withMfa].map((c) => holds('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', c))).toEqual([true, true, false])
    // Allow + BoolIfExists true: MFA sessions and long-term keys.
    expect([longTerm, withoutMfa, withMfa].map((c) => holds('BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', c))).toEqual([true, false, true])
    // Allow + Bool true: MFA only.
    expect([longTerm, withoutMfa, withMfa].map((c) => holds('Bool', 'aws:MultiFactorAuthPresent', 'true', c))).toEqual([false, false, true])
    // Allow + Null false: any temporary credentials ("USE WITH CAUTION").
    expect([longTerm, withoutMfa, withMfa].map((c) => holds('Null', 'aws:MultiFactorAuthPresent', 'false', c))).toEqual([false, true, true])
  })

  it('substitutes policy variables (the operators page: "You can use a policy variable with the Boolean condition operator")', () => {
    expect(holds('Bool', 'k', '${aws:PrincipalTag/secure}', { k: 'true', 'aws:PrincipalTag/secure': 'TRUE' })).toBe(true)
    expect(holds('Bool', 'k', '${aws:PrincipalTag/secure}', { k: 'true', 'aws:PrincipalTag/secure': 'no' })).toBe(false)
    expect(holds('Bool', 'k', '${aws:PrincipalTag/secure}', { k: 'true' })).toBe(false)
    expect(holds('Bool', 'k', "${aws:PrincipalTag/secure, 'true'}", { k: 'true' })).toBe(true)
  })
})

describe('BinaryEquals', () => {
  const value = 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' // the operators page example

  it('compares the bytes behind the base64 text', () => {
    expect(holds('BinaryEquals', 'k', value, { k: value })).toBe(true)
    expect(holds('BinaryEquals', 'k', value, { k: 'QmluYXJ5VmFsdWVJbkJhc2U2NA' })).toBe(true) // padding is not data
    expect(holds('BinaryEquals', 'k', value, { k: Buffer.from('other').toString('base64') })).toBe(false)
    expect(holds('BinaryEquals', 'k', ['AAAA', value], { k: value })).toBe(true)
  })

  it('is false for request or policy text that is not base64, and for a missing key', () => {
    expect(holds('BinaryEquals', 'k', value, { k: 'not base64!' })).toBe(false)
    expect(holds('BinaryEquals', 'k', '%%%', { k: '%%%' })).toBe(false)
    expect(holds('BinaryEquals', 'k', value, {})).toBe(false)
    expect(holds('BinaryEqualsIfExists', 'k', value, {})).toBe(true)
  })
})

describe('Null', () => {
  it.each([
    // Operators page example: "Null": {"aws:TokenIssueTime": "true"} for long-term credentials only.
    ['true', {}, true],
    ['true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, false],
    ['false', {}, false],
    ['false', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, true],
    ['TRUE', {}, true],
    [['true', 'false'], {}, true],
    [['true', 'false'], { 'aws:TokenIssueTime': 'x' }, true],
    ['maybe', {}, false],
    ['maybe', { 'aws:TokenIssueTime': 'x' }, false],
  ] as const)('Null %j with %j: %s', (value, context, expected) => {
    expect(holds('Null', 'aws:TokenIssueTime', value, context)).toBe(expected)
  })

  it('counts a key with an empty set of values as null ("Multivalued context key examples")', () => {
    expect(holds('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': [] })).toBe(false)
    expect(holds('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] })).toBe(true)
    expect(holds('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': ['a'] })).toBe(true)
  })

  it('reads the key case-insensitively', () => {
    expect(holds('Null', 'AWS:TOKENISSUETIME', 'false', { 'aws:TokenIssueTime': 'x' })).toBe(true)
  })
})
