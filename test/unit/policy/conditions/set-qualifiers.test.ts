// ForAllValues / ForAnyValue: "Single-valued vs. multivalued context keys", "Conditions with
// multiple context keys or values" and "Multivalued context key examples" (IAM User Guide).
import { describe, expect, it } from 'vitest'
import { holds, type ContextValues } from './support.ts'

const KEY = 'aws:TagKeys'
const tags = (...keys: string[]): ContextValues => ({ [KEY]: keys })
const MISSING: ContextValues = {}
const POLICY = ['a', 'b']

describe('truth tables', () => {
  const requests: [string, ContextValues][] = [
    ['missing', MISSING], ['empty', tags()], ['[a]', tags('a')], ['[a,b]', tags('a', 'b')], ['[a,c]', tags('a', 'c')], ['[c]', tags('c')], ['[c,d]', tags('c', 'd')],
  ]
  const table: Record<string, boolean[]> = {
    // ForAllValues: every request value matches some policy value; missing or empty: true.
    'ForAllValues:StringEquals': [true, true, true, true, false, false, false],
    // ForAnyValue: some request value matches some policy value; missing or empty: false.
    'ForAnyValue:StringEquals': [false, false, true, true, true, false, false],
    // ForAllValues:StringNotEquals: no request value is one of the policy values.
    'ForAllValues:StringNotEquals': [true, true, false, false, false, true, true],
    // ForAnyValue:StringNotEquals: some request value is none of the policy values.
    'ForAnyValue:StringNotEquals': [false, false, false, false, true, true, true],
    // IfExists changes nothing under ForAllValues (missing is true already) …
    'ForAllValues:StringEqualsIfExists': [true, true, true, true, false, false, false],
    // … and nothing under ForAnyValue, whose IfExists applies per value (observed AWS behaviour).
    'ForAnyValue:StringEqualsIfExists': [false, false, true, true, true, false, false],
  }

  for (const [operator, expected] of Object.entries(table)) {
    it(`${operator} ${JSON.stringify(POLICY)}`, () => {
      expect(requests.map(([, context]) => holds(operator, KEY, POLICY, context))).toEqual(expected)
    })
  }
})

describe('AWS examples', () => {
  it('ForAllValues:StringLike admits only listed attributes ("Conditions with multiple context keys or values", DynamoDB)', () => {
    const allowed = ['PostDateTime', 'Message', 'Tags']
    const key = 'dynamodb:requestedAttributes'
    expect(holds('ForAllValues:StringLike', key, allowed, { [key]: ['PostDateTime', 'Message'] })).toBe(true)
    expect(holds('ForAllValues:StringLike', key, allowed, { [key]: ['PostDateTime', 'UserName'] })).toBe(false)
    expect(holds('ForAllValues:StringLike', key, allowed, { [key]: ['PostDateTime', 'ID'] })).toBe(false)
  })

  it('ForAnyValue:StringLike finds one forbidden attribute (the Deny PutItem example)', () => {
    const forbidden = ['ID', 'PostDateTime']
    const key = 'dynamodb:requestedAttributes'
    expect(holds('ForAnyValue:StringLike', key, forbidden, { [key]: ['UserName', 'Message', 'PostDateTime'] })).toBe(true)
    expect(holds('ForAnyValue:StringLike', key, forbidden, { [key]: ['UserName'] })).toBe(false)
  })

  it('ForAnyValue:StringEquals on aws:CalledVia is false for a direct call ("AWS global condition context keys")', () => {
    expect(holds('ForAnyValue:StringEquals', 'aws:CalledVia', 'dynamodb.amazonaws.com', {})).toBe(false)
    expect(holds('ForAnyValue:StringEquals', 'aws:CalledVia', 'dynamodb.amazonaws.com', { 'aws:CalledVia': ['cloudformation.amazonaws.com', 'dynamodb.amazonaws.com'] })).toBe(true)
  })

  it('ForAnyValue:StringLike on aws:PrincipalOrgPaths ("AWS global condition context keys")', () => {
    const key = 'aws:PrincipalOrgPaths'
    const paths = { [key]: ['o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-ghi0-awsccccc/ou-jkl0-awsddddd/'] }
    expect(holds('ForAnyValue:StringLike', key, 'o-a1b2c3d4e5/*', paths)).toBe(true)
    expect(holds('ForAnyValue:StringLike', key, 'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-ghi0-awsccccc/ou-jkl0-awsddddd/*', paths)).toBe(true)
    expect(holds('ForAnyValue:StringEquals', key, 'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-ghi0-awsccccc/', paths)).toBe(false)
  })

  it('Deny with ForAllValues:StringNotLike on aws:TagKeys ("Multivalued context key examples"), and Null false to close the gap', () => {
    // Deny requests whose tag keys do not all start with key1.
    const denies = (context: ContextValues) => holds('ForAllValues:StringNotLike', KEY, 'key1*', context)
    expect(denies(tags('key1-a', 'key1-b'))).toBe(false)
    expect(denies(tags('key2'))).toBe(true)
    // ForAllValues is true for a missing key; a Null false condition makes the statement need the key.
    expect(denies(MISSING)).toBe(true)
    expect(holds('Null', KEY, 'false', MISSING)).toBe(false)
  })
})

describe('set operators and value kinds', () => {
  it('treat a single-valued key as a set of one (AWS warns this can be overly permissive)', () => {
    const key = 'aws:PrincipalTag/team'
    expect(holds('ForAllValues:StringEquals', key, 'blue', { [key]: 'blue' })).toBe(true)
    expect(holds('ForAllValues:StringEquals', key, 'blue', { [key]: 'red' })).toBe(false)
    expect(holds('ForAllValues:StringEquals', key, 'blue', {})).toBe(true) // the permissive case
    expect(holds('ForAnyValue:StringEquals', key, 'blue', { [key]: 'blue' })).toBe(true)
    expect(holds('ForAnyValue:StringEquals', key, 'blue', {})).toBe(false)
  })

  it('do not let a single-valued operator match a multivalued key: positive false, negated true', () => {
    expect(holds('StringEquals', KEY, 'a', tags('a'))).toBe(false)
    expect(holds('StringEquals', KEY, 'a', tags('a', 'b'))).toBe(false)
    expect(holds('StringLike', KEY, '*', tags('a', 'b'))).toBe(false)
    expect(holds('StringEqualsIfExists', KEY, 'a', tags('a'))).toBe(false)
    expect(holds('StringNotEquals', KEY, 'a', tags('a'))).toBe(true)
    expect(holds('StringNotLike', KEY, 'x', tags('a', 'b'))).toBe(true)
    // Missing or empty follows the missing-key rules.
    expect(holds('StringEquals', KEY, 'a', MISSING)).toBe(false)
    expect(holds('StringEquals', KEY, 'a', tags())).toBe(false)
    expect(holds('StringNotEquals', KEY, 'a', tags())).toBe(true)
    expect(holds('StringEqualsIfExists', KEY, 'a', tags())).toBe(true)
  })

  it('count a value that cannot be compared as not holding', () => {
    const key = 'k'
    expect(holds('ForAllValues:NumericLessThan', key, '10', { [key]: ['1', 'x'] })).toBe(false)
    expect(holds('ForAnyValue:NumericLessThan', key, '10', { [key]: ['x', '1'] })).toBe(true)
    expect(holds('ForAllValues:NumericNotEquals', key, '10', { [key]: ['1', 'x'] })).toBe(false)
    expect(holds('ForAnyValue:NumericNotEquals', key, '10', { [key]: ['x'] })).toBe(false)
    expect(holds('ForAnyValue:IpAddress', key, '10.0.0.0/8', { [key]: ['bad', '10.1.1.1'] })).toBe(true)
    expect(holds('ForAllValues:ArnLike', key, 'arn:aws:iam::*:role/*', { [key]: ['arn:aws:iam::1:role/a', 'arn:aws:iam::2:role/b'] })).toBe(true)
    expect(holds('ForAllValues:ArnLike', key, 'arn:aws:iam::*:role/*', { [key]: ['arn:aws:iam::1:role/a', 'role/b'] })).toBe(false)
  })

  it('use policy variables per request value', () => {
    const context = { 'aws:username': 'alice', [KEY]: ['alice-owned', 'alice-cost'] }
    expect(holds('ForAllValues:StringLike', KEY, '${aws:username}-*', context)).toBe(true)
    expect(holds('ForAllValues:StringLike', KEY, '${aws:userid}-*', context)).toBe(false)
    // An unresolved variable matches nothing, so each value "is not equal to" it.
    expect(holds('ForAllValues:StringNotEquals', KEY, '${aws:userid}', context)).toBe(true)
  })
})
