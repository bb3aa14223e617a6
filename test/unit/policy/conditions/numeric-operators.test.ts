// Numeric condition operators: "IAM JSON policy elements: Condition operators" (IAM User Guide).
import { describe, expect, it } from 'vitest'
import { parseDecimal } from '../../../../src/policy/conditions/numeric-operators.ts'
import { holds } from './support.ts'

const KEY = 's3:max-keys'
const max = (value: string) => ({ [KEY]: value })

describe('Numeric operators', () => {
  it.each([
    // Operators page example: "NumericLessThanEquals": {"s3:max-keys": "10"} lists up to 10 objects.
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericLessThanEquals', '10', '9', true],
    ['NumericLessThanEquals', '10', '11', false],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThan', '10', '9.99', true],
    ['NumericGreaterThan', '10', '10', false],
    ['NumericGreaterThan', '10', '10.5', true],
    ['NumericGreaterThanEquals', '10', '10.0', true],
    ['NumericGreaterThanEquals', '10', '-3', false],
    ['NumericEquals', '10', '10.0', true], // integers and decimals compare by value
    ['NumericEquals', '10', '010', true],
    ['NumericEquals', '0.5', '.5', true],
    ['NumericEquals', '-1', '1', false],
    ['NumericNotEquals', '10', '10', false],
    ['NumericNotEquals', '10', '11', true],
  ] as const)('%s %s with %s: %s', (operator, value, actual, expected) => {
    expect(holds(operator, KEY, value, max(actual))).toBe(expected)
  })

  it('is false for a request value that is not a number, negated or not', () => {
    for (const operator of ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericGreaterThanEquals']) {
      expect(holds(operator, KEY, '10', max('ten'))).toBe(false)
      expect(holds(operator, KEY, '10', max(''))).toBe(false)
      expect(holds(operator, KEY, '10', max('1e3'))).toBe(false)
    }
  })

  it('never matches a policy value that is not a number (variables are not supported)', () => {
    expect(holds('NumericEquals', KEY, ['abc', '5'], max('5'))).toBe(true)
    expect(holds('NumericEquals', KEY, 'abc', max('5'))).toBe(false)
    expect(holds('NumericNotEquals', KEY, 'abc', max('5'))).toBe(false)
    // "You can not use a policy variable with the Numeric condition operator."
    expect(holds('NumericEquals', KEY, '${aws:MultiFactorAuthAge}', { [KEY]: '5', 'aws:MultiFactorAuthAge': '5' })).toBe(false)
  })

  it('ORs values, and NORs them for NumericNotEquals', () => {
    expect(holds('NumericEquals', KEY, ['1', '2'], max('2'))).toBe(true)
    expect(holds('NumericNotEquals', KEY, ['1', '2'], max('2'))).toBe(false)
    expect(holds('NumericNotEquals', KEY, ['1', '2'], max('3'))).toBe(true)
    expect(holds('NumericLessThan', KEY, ['1', '100'], max('50'))).toBe(true)
  })

  it('follows the missing-key rules', () => {
    expect(holds('NumericLessThan', KEY, '10', {})).toBe(false)
    expect(holds('NumericNotEquals', KEY, '10', {})).toBe(true)
    expect(holds('NumericLessThanIfExists', KEY, '10', {})).toBe(true)
    expect(holds('NumericLessThanIfExists', KEY, '10', max('20'))).toBe(false)
    // aws:MultiFactorAuthAge is absent without MFA, so a plain age limit fails closed.
    expect(holds('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', {})).toBe(false)
  })
})

describe('parseDecimal', () => {
  it.each([
    ['0', 0], ['42', 42], ['-7', -7], ['+7', 7], ['3.25', 3.25], ['.5', 0.5], ['5.', 5], ['007', 7],
  ])('reads %j', (text, value) => {
    expect(parseDecimal(text)).toBe(value)
  })

  it.each(['', '-', '.', '1e3', '0x10', ' 1', '1 ', 'Infinity', 'NaN', '1.2.3', '--1', '1,000'])('refuses %j', (text) => {
    expect(parseDecimal(text)).toBeNaN()
  })
})
