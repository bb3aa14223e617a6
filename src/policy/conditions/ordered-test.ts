import { INCOMPARABLE, MATCH, NO_MATCH, type TestResult, type ValueTest } from './value-test.ts'

/** How a request value must relate to a policy value; request value on the left. */
export type Comparison = 'Equals' | 'LessThan' | 'LessThanEquals' | 'GreaterThan' | 'GreaterThanEquals'

const EQUALS = 0
const LESS_THAN = 1
const LESS_THAN_EQUALS = 2
const GREATER_THAN = 3
const GREATER_THAN_EQUALS = 4
const CODES: Record<Comparison, number> = {
  Equals: EQUALS, LessThan: LESS_THAN, LessThanEquals: LESS_THAN_EQUALS,
  GreaterThan: GREATER_THAN, GreaterThanEquals: GREATER_THAN_EQUALS,
}

/**
 * Numeric and Date operators: policy values parsed to numbers at compile time (NaN when
 * malformed), the request value parsed per test. `NumericLessThan: {key: 10}` holds when the
 * request's value is less than 10.
 */
export class OrderedTest implements ValueTest {
  private readonly code: number

  constructor(
    comparison: Comparison,
    private readonly policyValues: Float64Array,
    private readonly parse: (text: string) => number,
  ) {
    this.code = CODES[comparison]
  }

  test(value: string): TestResult {
    const actual = this.parse(value)
    // "abc" for a Numeric operator or a malformed date: no comparison can be made.
    if (Number.isNaN(actual)) return INCOMPARABLE
    const { code, policyValues } = this
    let malformedPolicyValue = false
    for (let i = 0; i < policyValues.length; i++) {
      const expected = policyValues[i]!
      if (Number.isNaN(expected)) {
        malformedPolicyValue = true
        continue
      }
      if (holds(code, actual, expected)) return MATCH
    }
    return malformedPolicyValue ? INCOMPARABLE : NO_MATCH
  }
}

function holds(code: number, actual: number, expected: number): boolean {
  switch (code) {
    case EQUALS: return actual === expected
    case LESS_THAN: return actual < expected
    case LESS_THAN_EQUALS: return actual <= expected
    case GREATER_THAN: return actual > expected
    default: return actual >= expected
  }
}

/** Compiles policy values with `parse` (NaN marks a malformed one). */
export function compileOrderedTest(comparison: Comparison, values: readonly string[], parse: (text: string) => number): ValueTest {
  return new OrderedTest(comparison, Float64Array.from(values, parse), parse)
}
