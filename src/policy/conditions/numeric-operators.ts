import type { ValueTest } from './value-test.ts'
import { compileOrderedTest, type Comparison } from './ordered-test.ts'

/**
 * Numeric operators compare "a key to an integer or decimal value" ("IAM JSON policy elements:
 * Condition operators", Numeric condition operators); they take no policy variables, so
 * `${…}` in a Numeric value is text that is not a number. Numbers compare as IEEE doubles:
 * integers beyond 2^53 lose precision (no stsgate key carries such numbers).
 */
export function compileNumericTest(comparison: Comparison, values: readonly string[]): ValueTest {
  return compileOrderedTest(comparison, values, parseDecimal)
}

/**
 * Reads `[+-]digits[.digits]` (or `.5`, `5.`): a decimal integer or fraction, nothing else (no
 * exponent, hex, whitespace, Infinity or NaN). NaN when the text is not such a number.
 */
export function parseDecimal(text: string): number {
  // The same request value (aws:EpochTime, aws:MultiFactorAuthAge) meets many conditions: remember it.
  if (text === lastText) return lastValue
  lastText = text
  lastValue = readDecimal(text)
  return lastValue
}

let lastText = ''
let lastValue = NaN

function readDecimal(text: string): number {
  let i = 0
  const n = text.length
  if (n > 0 && (text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45)) i = 1 // + or -
  let digits = 0
  let dot = false
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) digits++
    else if (c === 46 && !dot) dot = true
    else return NaN
  }
  return digits === 0 ? NaN : Number(text)
}
