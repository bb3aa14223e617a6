import type { PolicyVersion } from './document.ts'
import type { RequestContext } from './request-context.ts'
import { resolveVariable, tokenizeTemplate, type TemplateToken, type VariableRef } from './variables.ts'

/**
 * IAM wildcard matching: `*` is any run of characters (the empty one too), `?` exactly one
 * (UTF-16 code unit). Patterns compile once into segments (the pieces between `*`s) of parts;
 * matching anchors the first and last segments and finds each middle one at its leftmost place,
 * which is optimal for `*`/`?` patterns, so a match costs O(text × segment) and never backtracks
 * exponentially. No RegExp anywhere. A variable's value is literal text: a `*` in a tag value is
 * not a wildcard.
 */

const TEXT = 0
const ANY = 1
const VARIABLE = 2

/** One element of a segment. Every part has the same shape so property reads stay monomorphic. */
class Part {
  constructor(
    readonly kind: number,
    /** TEXT: the literal text (lower-cased when the glob ignores case). */
    readonly text: string,
    /** ANY: how many `?` in a row. */
    readonly count: number,
    /** VARIABLE: index into Glob.variables. */
    readonly slot: number,
  ) {}
}

/** A compiled wildcard pattern. Treat as opaque; build with compileGlob. */
export interface Glob {
  /** The pattern as written, for explanations. */
  readonly pattern: string
  readonly ignoreCase: boolean
  /** The pieces between `*`s; one piece and no stars for a pattern without `*`. */
  readonly segments: readonly (readonly Part[])[]
  /** Length of each segment without its variables. */
  readonly fixedLengths: readonly number[]
  readonly leadingStar: boolean
  readonly trailingStar: boolean
  /** The variables, by Part.slot. */
  readonly variables: readonly VariableRef[]
  /** The whole text when there is no wildcard and no variable. */
  readonly literal: string | undefined
}

export interface GlobOptions {
  readonly version: PolicyVersion
  /** Compare case-insensitively (actions); the text is lower-cased at match time. */
  readonly ignoreCase: boolean
  /** Whether `${…}` is a policy variable (Resource, String and Arn condition values) or plain text (Action). */
  readonly variables: boolean
  /** Default true; false makes `*` and `?` plain characters (StringEquals with variables). */
  readonly wildcards?: boolean
}

/** Compiles a pattern once (policy compile time). */
export function compileGlob(pattern: string, options: GlobOptions): Glob {
  const tokens = tokenizeTemplate(pattern, options.variables ? options.version : '2008-10-17')
  return globFromTokens(pattern, tokens, options.ignoreCase, options.wildcards ?? true)
}

/** Compiles already tokenized text (arn-operators.ts splits tokens into ARN segments first). */
export function globFromTokens(pattern: string, tokens: readonly TemplateToken[], ignoreCase: boolean, wildcards: boolean): Glob {
  const segments: Part[][] = [[]]
  const variables: VariableRef[] = []
  let leadingStar = false
  let trailingStar = false
  const current = (): Part[] => segments[segments.length - 1]!
  const addText = (text: string): void => {
    if (text === '') return
    const folded = ignoreCase ? text.toLowerCase() : text
    const parts = current()
    const last = parts[parts.length - 1]
    if (last !== undefined && last.kind === TEXT) parts[parts.length - 1] = new Part(TEXT, last.text + folded, 0, 0)
    else parts.push(new Part(TEXT, folded, 0, 0))
    trailingStar = false
  }
  for (const token of tokens) {
    if (token.kind === 'variable') {
      current().push(new Part(VARIABLE, '', 0, variables.length))
      variables.push(token.ref)
      trailingStar = false
      continue
    }
    if (token.kind === 'escaped' || !wildcards) {
      addText(token.text)
      continue
    }
    let run = ''
    for (const ch of token.text) {
      if (ch !== '*' && ch !== '?') {
        run += ch
        continue
      }
      addText(run)
      run = ''
      if (ch === '?') {
        const parts = current()
        const last = parts[parts.length - 1]
        if (last !== undefined && last.kind === ANY) parts[parts.length - 1] = new Part(ANY, '', last.count + 1, 0)
        else parts.push(new Part(ANY, '', 1, 0))
        trailingStar = false
      } else if (!trailingStar) {
        // `**` is one star: a new segment starts only after a non-star.
        if (segments.length === 1 && current().length === 0) leadingStar = true
        else segments.push([])
        trailingStar = true
      }
    }
    addText(run)
  }
  // A trailing star leaves an empty last segment (for a lone star, the only one).
  if (trailingStar && current().length === 0) segments.pop()
  const fixedLengths = segments.map((parts) => parts.reduce((sum, part) => sum + (part.kind === TEXT ? part.text.length : part.count), 0))
  const hasStar = leadingStar || trailingStar || segments.length > 1
  const onlyText = segments.length === 1 && segments[0]!.every((part) => part.kind === TEXT)
  const literal = !hasStar && (segments.length === 0 || onlyText) ? (segments[0]?.[0]?.text ?? '') : undefined
  return { pattern, ignoreCase, segments, fixedLengths, leadingStar, trailingStar, variables, literal }
}

/** The literal text when the pattern has no wildcard and no variable (lower-cased if the glob ignores case). */
export function isLiteralGlob(glob: Glob): string | undefined {
  return glob.literal
}

/**
 * Whether `text` matches. False when a variable cannot be resolved and has no default (AWS: the
 * value is "effectively null. There is no equal or like value", "IAM policy elements: Variables
 * and tags").
 */
export function matchGlob(glob: Glob, text: string, context: RequestContext): boolean {
  if (glob.ignoreCase) {
    const folded = text.toLowerCase()
    return matchGlobRange(glob, folded, 0, folded.length, context)
  }
  return matchGlobRange(glob, text, 0, text.length, context)
}

// Resolved variable values of the match in progress. Matching is synchronous and never nested,
// so one buffer serves every call without allocating.
const resolved: string[] = []

/**
 * Matches `text[start, end)` without slicing it (ARN segments). The glob must be case-sensitive,
 * or `text` already lower-cased.
 */
export function matchGlobRange(glob: Glob, text: string, start: number, end: number, context: RequestContext): boolean {
  const literal = glob.literal
  if (literal !== undefined) {
    if (start === 0 && end === text.length) return text === literal
    return end - start === literal.length && regionMatches(text, start, literal)
  }
  const { variables } = glob
  for (let i = 0; i < variables.length; i++) {
    const value = resolveVariable(variables[i]!, context)
    if (value === undefined) return false
    resolved[i] = glob.ignoreCase ? value.toLowerCase() : value
  }
  const { segments, leadingStar, trailingStar } = glob
  let first = 0
  let last = segments.length
  let pos = start
  let limit = end
  if (!leadingStar) {
    const parts = segments[0]
    if (parts === undefined) return pos === limit // no segments and no stars: the empty pattern
    const length = segmentLength(glob, 0)
    if (length > limit - pos || !matchAt(parts, text, pos)) return false
    pos += length
    first = 1
    if (!trailingStar && segments.length === 1) return pos === limit
  }
  if (!trailingStar && last > first) {
    const length = segmentLength(glob, last - 1)
    if (length > limit - pos || !matchAt(segments[last - 1]!, text, limit - length)) return false
    limit -= length
    last--
  }
  for (let i = first; i < last; i++) {
    const parts = segments[i]!
    const length = segmentLength(glob, i)
    const found = findLeftmost(parts, text, pos, limit - length)
    if (found < 0) return false
    pos = found + length
  }
  return true
}

function segmentLength(glob: Glob, index: number): number {
  let length = glob.fixedLengths[index]!
  for (const part of glob.segments[index]!) if (part.kind === VARIABLE) length += resolved[part.slot]!.length
  return length
}

/** Whether the segment, from its part `first` on, matches at `pos`; the caller has checked that it fits. */
function matchAt(parts: readonly Part[], text: string, pos: number, first = 0): boolean {
  for (let i = first; i < parts.length; i++) {
    const part = parts[i]!
    if (part.kind === TEXT) {
      if (!regionMatches(text, pos, part.text)) return false
      pos += part.text.length
    } else if (part.kind === ANY) {
      pos += part.count
    } else {
      const value = resolved[part.slot]!
      if (!regionMatches(text, pos, value)) return false
      pos += value.length
    }
  }
  return true
}

/**
 * Whether `part` occurs in `text` at `pos`; the caller has checked that it fits. Node 20's
 * startsWith(part, pos) is several times slower than indexOf, which searches natively; the first
 * character is compared first so a mismatch rarely pays for indexOf's scan past `pos`.
 */
function regionMatches(text: string, pos: number, part: string): boolean {
  const length = part.length
  if (length === 0) return true
  if (text.charCodeAt(pos) !== part.charCodeAt(0)) return false
  if (length === 1) return true
  // On a long text a failed indexOf would scan all of it; startsWith stops within `part`.
  return text.length - pos > 4 * length + 64 ? text.startsWith(part, pos) : text.indexOf(part, pos) === pos
}

/** The leftmost start in [from, maxStart] where the segment matches, or -1. */
function findLeftmost(parts: readonly Part[], text: string, from: number, maxStart: number): number {
  // Jump between occurrences of the segment's first literal text (at a fixed offset from the
  // segment's start: only `?`s and resolved variables come before it) instead of trying every
  // position.
  let offset = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part.kind === TEXT) {
      const anchor = part.text
      for (let at = text.indexOf(anchor, from + offset); at >= 0 && at - offset <= maxStart; at = text.indexOf(anchor, at + 1)) {
        // A leading anchor is known to match; start checking after it.
        if (i === 0 ? matchAt(parts, text, at + anchor.length, 1) : matchAt(parts, text, at - offset)) return at - offset
      }
      return -1
    }
    offset += part.kind === ANY ? part.count : resolved[part.slot]!.length
  }
  for (let at = from; at <= maxStart; at++) if (matchAt(parts, text, at)) return at
  return -1
}
