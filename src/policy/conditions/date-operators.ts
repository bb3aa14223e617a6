import { compileOrderedTest, type Comparison } from './ordered-test.ts'
import { parseDate } from './parse-date.ts'
import type { ValueTest } from './value-test.ts'

/**
 * Date operators ("IAM JSON policy elements: Condition operators", Date condition operators):
 * ISO 8601 or epoch seconds on either side, compared as instants, so `2020-01-01T00:00:00Z`
 * equals `1577836800`. "Wildcards are not permitted" and policy variables are not supported;
 * a malformed date on either side is a comparison that cannot be made.
 */
export function compileDateTest(comparison: Comparison, values: readonly string[]): ValueTest {
  return compileOrderedTest(comparison, values, parseDate)
}
