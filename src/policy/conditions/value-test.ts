import type { RequestContext } from '../request-context.ts'

/**
 * What one request value gives against all of a condition's policy values, for the positive form
 * of an operator (StringEquals for StringNotEquals, IpAddress for NotIpAddress, …):
 * MATCH when some policy value matches (values are OR-ed), NO_MATCH when every comparison was
 * made and none matched, INCOMPARABLE when a comparison could not be made (a request value that
 * is not a number, date, IP address or ARN, or a malformed policy value) and nothing matched.
 *
 * The negated operators hold only on NO_MATCH ("Multiple values in a condition": negated operators
 * NOR their values), so a comparison that cannot be made never satisfies a negated operator.
 */
export const MATCH = 1
export const NO_MATCH = 0
export const INCOMPARABLE = -1
export type TestResult = typeof MATCH | typeof NO_MATCH | typeof INCOMPARABLE

/** The compiled policy values of one condition, tested against one request value at a time. */
export interface ValueTest {
  test(value: string, context: RequestContext): TestResult
}

/** A test for values that can never be compared (an operator given values it cannot read). */
export class NeverComparable implements ValueTest {
  test(): TestResult {
    return INCOMPARABLE
  }
}
