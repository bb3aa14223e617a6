import type { PolicyVersion } from '../document.ts'
import type { RequestContext } from '../request-context.ts'
import { hasVariables, parseTemplate, renderTemplate, type TemplatePart } from '../variables.ts'
import { INCOMPARABLE, MATCH, NO_MATCH, type TestResult, type ValueTest } from './value-test.ts'

/**
 * Bool ("IAM JSON policy elements: Condition operators", Boolean condition operators): compares a
 * key to "true" or "false", case-insensitively (JSON true/false arrive as their text). A request
 * value that is not a boolean cannot be compared.
 *
 * Policy variables: the Condition operators page says "You can use a policy variable with the
 * Boolean condition operator" while "IAM policy elements: Variables and tags" lists Boolean among
 * the operators that take none. We follow the operators page: a value rendering to neither
 * "true" nor "false" simply never matches.
 */

const TRUE = 1
const FALSE = 0
const NOT_BOOLEAN = -1

/** 1 for "true", 0 for "false" (any case), -1 otherwise. */
export function parseBool(text: string): number {
  if (text === 'true') return TRUE
  if (text === 'false') return FALSE
  if (text.length !== 4 && text.length !== 5) return NOT_BOOLEAN
  const lower = text.toLowerCase()
  return lower === 'true' ? TRUE : lower === 'false' ? FALSE : NOT_BOOLEAN
}

class BoolTest implements ValueTest {
  constructor(
    private readonly acceptsTrue: boolean,
    private readonly acceptsFalse: boolean,
    private readonly malformed: boolean,
    private readonly templates: readonly (readonly TemplatePart[])[],
  ) {}

  test(value: string, context: RequestContext): TestResult {
    const actual = parseBool(value)
    if (actual === NOT_BOOLEAN) return INCOMPARABLE
    if (actual === TRUE ? this.acceptsTrue : this.acceptsFalse) return MATCH
    for (const template of this.templates) {
      const rendered = renderTemplate(template, context)
      // An unresolved variable is "effectively null" and matches nothing.
      if (rendered !== undefined && parseBool(rendered) === actual) return MATCH
    }
    return this.malformed ? INCOMPARABLE : NO_MATCH
  }
}

/** Compiles the values of a Bool condition. */
export function compileBoolTest(values: readonly string[], version: PolicyVersion): ValueTest {
  let acceptsTrue = false
  let acceptsFalse = false
  let malformed = false
  const templates: (readonly TemplatePart[])[] = []
  for (const value of values) {
    const template = parseTemplate(value, version)
    if (hasVariables(template)) {
      templates.push(template)
      continue
    }
    const parsed = parseBool(value)
    if (parsed === TRUE) acceptsTrue = true
    else if (parsed === FALSE) acceptsFalse = true
    else malformed = true
  }
  return new BoolTest(acceptsTrue, acceptsFalse, malformed, templates)
}
