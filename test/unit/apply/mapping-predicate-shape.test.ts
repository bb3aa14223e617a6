import { describe, expect, it } from 'vitest'
import { formatIssuePath } from '../../../src/apply/issue-path.ts'
import { mappingPredicateShapeIssues } from '../../../src/apply/mapping-predicate-shape.ts'

const problems = (predicate: unknown) =>
  mappingPredicateShapeIssues(predicate).map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`)

describe('mapping predicate shape', () => {
  it.each([
    { attribute: 'groups', equals: 'admins' },
    { attribute: 'groups', anyOf: ['a', 'b'] },
    { attribute: 'email', matches: '*@example.com' },
    { all: [{ attribute: 'a', equals: 'x' }, { any: [{ attribute: 'b', matches: 'y?' }, { attribute: 'c', anyOf: ['z'] }] }] },
  ])('accepts %j', (predicate) => {
    expect(problems(predicate)).toEqual([])
  })

  it.each<[unknown, string[]]>([
    ['groups', ['(root): expected { attribute, equals | anyOf | matches }, { all: [...] } or { any: [...] }']],
    [{ attribute: 'groups' }, ['(root): expected exactly one of equals, anyOf or matches']],
    [{ equals: 'x', regex: '.*' }, ['(root): unknown key "regex"', 'attribute: required']],
    [{ attribute: '', equals: true }, ['attribute: expected an attribute or claim name (1-256 characters)', 'equals: expected a string (quote numbers and booleans)']],
    [{ attribute: 'a', anyOf: [] }, ['anyOf: expected a non-empty list of strings']],
    [{ attribute: 'a', anyOf: ['x', 1] }, ['anyOf[1]: expected a string (quote numbers and booleans)']],
    [{ attribute: 'a', matches: '' }, ['matches: expected a non-empty glob pattern (* and ? are wildcards)']],
    [{ all: [{ attribute: 'a', equals: 'x' }], any: [] }, ['(root): unknown key "any"']],
    [{ any: [{ all: 'x' }] }, ['any[0].all: expected a non-empty list of predicates']],
  ])('refuses %j', (predicate, expected) => {
    expect(problems(predicate)).toEqual(expected)
  })

  it('limits nesting to 8 levels', () => {
    let predicate: object = { attribute: 'a', equals: 'x' }
    for (let level = 0; level < 8; level++) predicate = { all: [predicate] }
    expect(problems(predicate)).toEqual([`${'all[0].'.repeat(8).slice(0, -1)}: predicates may nest at most 8 levels`])
  })
})
