import type { PolicyVersion } from './document.ts'
import type { RequestContext } from './request-context.ts'

/**
 * IAM policy variables: `${key}` and `${key, 'default'}` placeholders, and the escapes `${*}`,
 * `${?}`, `${$}` for the literal characters (AWS "IAM policy elements: Variables and tags").
 * Variables exist only under Version 2012-10-17; under 2008-10-17 `${…}` is literal text.
 * Everything here runs at compile time except resolveVariable / renderTemplate.
 */

/** A `${…}` placeholder. */
export interface VariableRef {
  /** The condition key, trimmed and lower-cased (key names are case-insensitive), e.g. `aws:principaltag/team`. */
  readonly key: string
  /** The text after `, '…'` (case kept), or undefined when none was written. */
  readonly defaultValue: string | undefined
}

/** Literal text or a variable. Text that came from `${*}` etc. is merged into the literal strings. */
export type TemplatePart = string | VariableRef

/**
 * The lower-level form glob.ts needs: `text` is policy text whose `*` and `?` are wildcards where
 * the operator takes wildcards; `escaped` came from `${*}`, `${?}` or `${$}` and is never a wildcard.
 */
export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'escaped'; readonly text: string }
  | { readonly kind: 'variable'; readonly ref: VariableRef }

/**
 * Splits policy text into literal text, escaped characters and variables. A `${` that does not
 * start a well-formed placeholder stays literal text (the parser reports malformed documents;
 * compiling must not throw on them). Adjacent text tokens are merged.
 */
export function tokenizeTemplate(text: string, version: PolicyVersion): readonly TemplateToken[] {
  if (version !== '2012-10-17' || !text.includes('${')) return text === '' ? [] : [{ kind: 'text', text }]
  const tokens: TemplateToken[] = []
  let literal = ''
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('${', i)
    if (open < 0) break
    const placeholder = readPlaceholder(text, open + 2)
    if (placeholder === undefined) {
      // Not a placeholder: keep "${" as text and look again after it.
      literal += text.slice(i, open + 2)
      i = open + 2
      continue
    }
    literal += text.slice(i, open)
    if (literal !== '') tokens.push({ kind: 'text', text: literal })
    literal = ''
    tokens.push(placeholder.token)
    i = placeholder.end
  }
  literal += text.slice(i)
  if (literal !== '') tokens.push({ kind: 'text', text: literal })
  return tokens
}

/** Parses a template for exact comparisons: escaped characters become plain text. */
export function parseTemplate(text: string, version: PolicyVersion): readonly TemplatePart[] {
  const parts: TemplatePart[] = []
  for (const token of tokenizeTemplate(text, version)) {
    if (token.kind === 'variable') parts.push(token.ref)
    else if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += token.text
    else parts.push(token.text)
  }
  return parts
}

/** True when the template has at least one variable (a template without any is its text). */
export function hasVariables(parts: readonly TemplatePart[]): boolean {
  for (const part of parts) if (typeof part !== 'string') return true
  return false
}

/**
 * The value a variable stands for in this request, or undefined when it cannot be resolved.
 * A missing key, and a multivalued key even when present ("you cannot use a multivalued context
 * key as a policy variable": "Single-valued vs. multivalued context keys"), resolve to the
 * default when one was written.
 */
export function resolveVariable(ref: VariableRef, context: RequestContext): string | undefined {
  const values = context.values(ref.key)
  if (values !== undefined && values.length === 1 && !context.isMultiValued(ref.key)) return values[0]
  return ref.defaultValue
}

/**
 * The template with its variables replaced, or undefined when one cannot be resolved. AWS: a
 * variable with no value is "effectively null. There is no equal or like value" ("IAM policy
 * elements: Variables and tags", Policy variables with no value), so callers treat undefined as
 * "matches nothing" (and a negated operator is then satisfied).
 */
export function renderTemplate(parts: readonly TemplatePart[], context: RequestContext): string | undefined {
  let out = ''
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part
      continue
    }
    const value = resolveVariable(part, context)
    if (value === undefined) return undefined
    out += value
  }
  return out
}

const ESCAPES = new Set(['*', '?', '$'])

/**
 * Reads `key}` or `key, 'default'}` from `start` (just after `${`). Whitespace around the key and
 * around the quoted default is ignored; `''` inside the default is one quote. Undefined when the
 * text there is not a placeholder.
 */
function readPlaceholder(text: string, start: number): { token: TemplateToken; end: number } | undefined {
  let i = start
  while (i < text.length && text[i] !== '}' && text[i] !== ',' && text[i] !== '{' && text[i] !== "'") i++
  if (i >= text.length || text[i] === '{' || text[i] === "'") return undefined
  const key = text.slice(start, i).trim()
  if (key === '') return undefined
  if (text[i] === '}') {
    if (ESCAPES.has(key)) return { token: { kind: 'escaped', text: key }, end: i + 1 }
    return { token: { kind: 'variable', ref: { key: key.toLowerCase(), defaultValue: undefined } }, end: i + 1 }
  }
  // ", 'default'}"
  i++
  while (text[i] === ' ') i++
  if (text[i] !== "'") return undefined
  i++
  let defaultValue = ''
  for (;;) {
    const quote = text.indexOf("'", i)
    if (quote < 0) return undefined
    defaultValue += text.slice(i, quote)
    if (text[quote + 1] === "'") {
      defaultValue += "'"
      i = quote + 2
      continue
    }
    i = quote + 1
    break
  }
  while (text[i] === ' ') i++
  if (text[i] !== '}') return undefined
  return { token: { kind: 'variable', ref: { key: key.toLowerCase(), defaultValue } }, end: i + 1 }
}
