import { INCOMPARABLE, MATCH, NO_MATCH, type TestResult, type ValueTest } from './value-test.ts'

/**
 * BinaryEquals "compares the value of the specified key byte for byte against a base-64 encoded
 * representation of the binary value in the policy" ("IAM JSON policy elements: Condition
 * operators", Binary condition operators). Request values arrive as base64 text too (a
 * RequestContext holds strings), so both sides are compared as bytes through their canonical
 * base64 (padding and line breaks do not matter). No policy variables.
 */
export function canonicalBase64(text: string): string | undefined {
  let data = 0
  let padding = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47) {
      if (padding > 0) return undefined // data after padding
      data++
    } else if (c === 61) {
      if (++padding > 2) return undefined
    } else if (c !== 10 && c !== 13) {
      return undefined
    }
  }
  if (data % 4 === 1 || (padding > 0 && (data + padding) % 4 !== 0)) return undefined
  return Buffer.from(text, 'base64').toString('base64')
}

class BinaryTest implements ValueTest {
  constructor(
    private readonly expected: readonly string[],
    private readonly malformed: boolean,
  ) {}

  test(value: string): TestResult {
    // Fast path: the request value is already canonical base64.
    if (this.expected.includes(value)) return MATCH
    const canonical = canonicalBase64(value)
    if (canonical === undefined) return INCOMPARABLE
    if (this.expected.includes(canonical)) return MATCH
    return this.malformed ? INCOMPARABLE : NO_MATCH
  }
}

/** Compiles the base64 values of a BinaryEquals condition. */
export function compileBinaryTest(values: readonly string[]): ValueTest {
  const expected: string[] = []
  let malformed = false
  for (const value of values) {
    const canonical = canonicalBase64(value)
    if (canonical === undefined) malformed = true
    else expected.push(canonical)
  }
  return new BinaryTest(expected, malformed)
}
