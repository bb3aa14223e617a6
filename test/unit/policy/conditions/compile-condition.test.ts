import { describe, expect, it } from 'vitest'
import { compileCondition } from '../../../../src/policy/conditions/compile-condition.ts'
import { conditionValueProblem } from '../../../../src/policy/conditions/value-problems.ts'
import { CONDITION_OPERATORS } from '../../../../src/policy/document.ts'
import { condition, contextOf, holds } from './support.ts'

describe('compileCondition', () => {
  it('lower-cases the key, tag key part included', () => {
    expect(compileCondition(condition('StringEquals', 'AWS:PrincipalTag/CostCenter', 'x'), '2012-10-17').key).toBe('aws:principaltag/costcenter')
  })

  it('compiles every operator, plain, IfExists and with each qualifier', () => {
    const context = contextOf({ k: 'v' })
    for (const operator of CONDITION_OPERATORS) {
      const forms = operator === 'Null' ? [operator] : [operator, `${operator}IfExists`, `ForAllValues:${operator}`, `ForAnyValue:${operator}`]
      for (const form of forms) {
        expect(typeof compileCondition(condition(form, 'k', 'v'), '2012-10-17').evaluate(context)).toBe('boolean')
      }
    }
  })

  it('holds for a missing key exactly for the negated operators and IfExists ("Condition operators", Important)', () => {
    const negated = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike'])
    for (const operator of CONDITION_OPERATORS) {
      if (operator === 'Null') continue
      expect(holds(operator, 'k', '1', {}), operator).toBe(negated.has(operator))
      expect(holds(`${operator}IfExists`, 'k', '1', {}), `${operator}IfExists`).toBe(true)
    }
  })

  it('is pure: one compiled condition gives each context its own answer', () => {
    const compiled = compileCondition(condition('StringLike', 'aws:username', 'a*'), '2012-10-17')
    expect(compiled.evaluate(contextOf({ 'aws:username': 'alice' }))).toBe(true)
    expect(compiled.evaluate(contextOf({ 'aws:username': 'bob' }))).toBe(false)
    expect(compiled.evaluate(contextOf({ 'aws:username': 'alice' }))).toBe(true)
  })
})

describe('conditionValueProblem', () => {
  it.each([
    ['NumericLessThan', '10', undefined],
    ['NumericLessThan', 'ten', 'NumericLessThan needs a number, not "ten"'],
    ['DateGreaterThan', '2020-01-01T00:00:00Z', undefined],
    ['DateGreaterThan', '1577836800', undefined],
    ['DateGreaterThan', 'tomorrow', 'DateGreaterThan needs an ISO 8601 date or epoch seconds, not "tomorrow"'],
    ['IpAddress', '203.0.113.0/24', undefined],
    ['NotIpAddress', '203.0.113.0/33', 'NotIpAddress needs an IPv4 or IPv6 address or CIDR range, not "203.0.113.0/33"'],
    ['BinaryEquals', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', undefined],
    ['BinaryEquals', 'not base64', 'BinaryEquals needs base64, not "not base64"'],
    ['Bool', 'TRUE', undefined],
    ['Bool', '${aws:PrincipalTag/x}', undefined],
    ['Bool', 'yes', 'Bool needs true or false, not "yes"'],
    ['Null', 'false', undefined],
    ['Null', 'no', 'Null needs true or false, not "no"'],
    ['StringLike', 'anything ${at} all *', undefined],
    ['ArnLike', '*', undefined],
  ] as const)('%s %j', (operator, value, problem) => {
    expect(conditionValueProblem(operator, value, '2012-10-17')).toBe(problem)
  })

  it('reads Bool variables as text under 2008-10-17', () => {
    expect(conditionValueProblem('Bool', '${aws:PrincipalTag/x}', '2008-10-17')).toBe('Bool needs true or false, not "${aws:PrincipalTag/x}"')
  })
})
