import { isPlainObject, unknownKeyIssues, type ShapeIssue } from './shape-issue.ts'

/**
 * The `when` of a mapping rule, stored as JSON in `mapping_rules.predicate`:
 * a test of one attribute (exactly one of `equals`, `anyOf`, `matches` — a glob with `*` and `?`),
 * or `all` / `any` of a non-empty list of predicates.
 */
export type MappingPredicate =
  | { readonly attribute: string; readonly equals: string }
  | { readonly attribute: string; readonly anyOf: readonly string[] }
  | { readonly attribute: string; readonly matches: string }
  | { readonly all: readonly MappingPredicate[] }
  | { readonly any: readonly MappingPredicate[] }

type Path = readonly (string | number)[]

const MAX_DEPTH = 8
const TESTS = ['equals', 'anyOf', 'matches'] as const
const SHAPE_HINT = 'expected { attribute, equals | anyOf | matches }, { all: [...] } or { any: [...] }'

/**
 * Structural check of a mapping predicate; an empty list means `value` is a MappingPredicate.
 * Only the shape: src/mapping evaluates it (deny by default).
 */
export function mappingPredicateShapeIssues(value: unknown, path: Path = [], depth = 1): ShapeIssue[] {
  if (!isPlainObject(value)) return [{ path, message: SHAPE_HINT }]
  if (depth > MAX_DEPTH) return [{ path, message: `predicates may nest at most ${MAX_DEPTH} levels` }]
  const combinator = 'all' in value ? 'all' : 'any' in value ? 'any' : undefined
  if (combinator) {
    const issues = unknownKeyIssues(value, [combinator], path)
    const list = value[combinator]
    if (!Array.isArray(list) || list.length === 0) {
      return [...issues, { path: [...path, combinator], message: 'expected a non-empty list of predicates' }]
    }
    return [...issues, ...list.flatMap((entry: unknown, index) => mappingPredicateShapeIssues(entry, [...path, combinator, index], depth + 1))]
  }

  const issues = unknownKeyIssues(value, ['attribute', ...TESTS], path)
  const attribute = value.attribute
  if (attribute === undefined) issues.push({ path: [...path, 'attribute'], message: 'required' })
  else if (typeof attribute !== 'string' || attribute.length === 0 || attribute.length > 256) {
    issues.push({ path: [...path, 'attribute'], message: 'expected an attribute or claim name (1-256 characters)' })
  }
  const tests = TESTS.filter((test) => value[test] !== undefined)
  if (tests.length !== 1) {
    issues.push({ path, message: `expected exactly one of equals, anyOf or matches${tests.length > 1 ? ', not several' : ''}` })
  }
  if (value.equals !== undefined && typeof value.equals !== 'string') {
    issues.push({ path: [...path, 'equals'], message: 'expected a string (quote numbers and booleans)' })
  }
  if (value.matches !== undefined && (typeof value.matches !== 'string' || value.matches === '')) {
    issues.push({ path: [...path, 'matches'], message: 'expected a non-empty glob pattern (* and ? are wildcards)' })
  }
  if (value.anyOf !== undefined) {
    if (!Array.isArray(value.anyOf) || value.anyOf.length === 0) {
      issues.push({ path: [...path, 'anyOf'], message: 'expected a non-empty list of strings' })
    } else {
      value.anyOf.forEach((entry: unknown, index) => {
        if (typeof entry !== 'string') issues.push({ path: [...path, 'anyOf', index], message: 'expected a string (quote numbers and booleans)' })
      })
    }
  }
  return issues
}
