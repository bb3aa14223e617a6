import type { PolicyVersion } from '../document.ts'
import { globFromTokens, matchGlobRange, type Glob } from '../glob.ts'
import type { RequestContext } from '../request-context.ts'
import { resolveVariable, tokenizeTemplate, type TemplateToken } from '../variables.ts'
import { INCOMPARABLE, MATCH, NO_MATCH, type TestResult, type ValueTest } from './value-test.ts'

/**
 * ArnEquals / ArnLike (and their Not forms): "Case-sensitive matching of the ARN. Each of the six
 * colon-delimited components of the ARN is checked separately and each can include
 * multi-character match wildcards (*) or single-character match wildcards (?). The ArnEquals and
 * ArnLike condition operators behave identically." ("IAM JSON policy elements: Condition
 * operators", ARN condition operators). So `arn:aws:sns:*:111122223333:t` does not match a region
 * holding a colon, where StringLike would. Policy variables are supported.
 *
 * A policy value splits into six globs at compile time, at its first five colons outside `${…}`.
 * A value whose variables stand for several components (`${aws:PrincipalArn}`) cannot be split
 * before the request, so it is split after its variables are resolved (allocates; rare).
 */

const COMPONENTS = 6

type ArnPattern =
  /** `literal`: the whole value when no component has a wildcard or variable (then equal strings match). */
  | { readonly kind: 'split'; readonly components: readonly Glob[]; readonly literal: string | undefined }
  | { readonly kind: 'deferred'; readonly pattern: string; readonly tokens: readonly TemplateToken[] }
  | { readonly kind: 'malformed' }

// Where the request ARN's components start and end: [start0, end0, start1, end1, …].
const bounds = new Int32Array(COMPONENTS * 2)

class ArnTest implements ValueTest {
  constructor(private readonly patterns: readonly ArnPattern[]) {}

  test(value: string, context: RequestContext): TestResult {
    if (!findComponents(value)) return INCOMPARABLE // not an ARN: fewer than five colons
    let malformed = false
    for (const pattern of this.patterns) {
      let components: readonly Glob[] | undefined
      if (pattern.kind === 'split') {
        if (pattern.literal !== undefined) {
          if (pattern.literal === value) return MATCH
          continue
        }
        components = pattern.components
      } else if (pattern.kind === 'deferred') {
        const tokens = resolveTokens(pattern.tokens, context)
        // An unresolved variable: the value is "effectively null" and matches nothing.
        if (tokens === undefined) continue
        components = splitComponents(pattern.pattern, tokens)
      }
      if (components === undefined) {
        malformed = true
        continue
      }
      if (matchesComponents(components, value, context)) return MATCH
    }
    return malformed ? INCOMPARABLE : NO_MATCH
  }
}

// The value `bounds` describes, so the same request ARN is not scanned again by the next condition.
let boundsOf: string | undefined

/** Fills `bounds` for the six components of `value`; false when it has fewer than five colons. */
function findComponents(value: string): boolean {
  if (value === boundsOf) return true
  boundsOf = undefined
  let start = 0
  for (let c = 0; c < COMPONENTS - 1; c++) {
    const colon = value.indexOf(':', start)
    if (colon < 0) return false
    bounds[2 * c] = start
    bounds[2 * c + 1] = colon
    start = colon + 1
  }
  bounds[2 * (COMPONENTS - 1)] = start
  bounds[2 * (COMPONENTS - 1) + 1] = value.length
  boundsOf = value
  return true
}

function matchesComponents(components: readonly Glob[], value: string, context: RequestContext): boolean {
  for (let c = 0; c < COMPONENTS; c++) {
    if (!matchGlobRange(components[c]!, value, bounds[2 * c]!, bounds[2 * c + 1]!, context)) return false
  }
  return true
}

/** Splits tokens at the first five colons of their text into six case-sensitive globs; undefined if fewer. */
function splitComponents(pattern: string, tokens: readonly TemplateToken[]): Glob[] | undefined {
  const groups: TemplateToken[][] = [[]]
  for (const token of tokens) {
    if (token.kind !== 'text') {
      groups[groups.length - 1]!.push(token)
      continue
    }
    let rest = token.text
    let colon = rest.indexOf(':')
    while (colon >= 0 && groups.length < COMPONENTS) {
      if (colon > 0) groups[groups.length - 1]!.push({ kind: 'text', text: rest.slice(0, colon) })
      groups.push([])
      rest = rest.slice(colon + 1)
      colon = rest.indexOf(':')
    }
    if (rest !== '') groups[groups.length - 1]!.push({ kind: 'text', text: rest })
  }
  if (groups.length < COMPONENTS) return undefined
  return groups.map((group) => globFromTokens(pattern, group, false, true))
}

/** The tokens with each variable replaced by its value as literal (escaped) text; undefined if one has no value. */
function resolveTokens(tokens: readonly TemplateToken[], context: RequestContext): TemplateToken[] | undefined {
  const out: TemplateToken[] = []
  for (const token of tokens) {
    if (token.kind !== 'variable') {
      out.push(token)
      continue
    }
    const value = resolveVariable(token.ref, context)
    if (value === undefined) return undefined
    // The value's colons separate components (it stands where the text was); its `*` and `?`
    // stay literal.
    const pieces = value.split(':')
    pieces.forEach((piece, index) => {
      if (index > 0) out.push({ kind: 'text', text: ':' })
      if (piece !== '') out.push({ kind: 'escaped', text: piece })
    })
  }
  return out
}

/** Compiles the policy values of an Arn operator (positive form). */
export function compileArnTest(values: readonly string[], version: PolicyVersion): ValueTest {
  const patterns = values.map((value): ArnPattern => {
    const tokens = tokenizeTemplate(value, version)
    const components = splitComponents(value, tokens)
    if (components !== undefined) {
      // Joined from the components, not the value as written: `${*}` is a literal `*` there.
      const literal = components.every((component) => component.literal !== undefined)
        ? components.map((component) => component.literal).join(':')
        : undefined
      return { kind: 'split', components, literal }
    }
    if (tokens.some((token) => token.kind === 'variable')) return { kind: 'deferred', pattern: value, tokens }
    return { kind: 'malformed' }
  })
  return new ArnTest(patterns)
}
