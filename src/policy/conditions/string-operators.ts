import type { PolicyVersion } from '../document.ts'
import { compileGlob, matchGlobRange, type Glob } from '../glob.ts'
import type { RequestContext } from '../request-context.ts'
import { MATCH, NO_MATCH, type TestResult, type ValueTest } from './value-test.ts'

/**
 * String operators ("IAM JSON policy elements: Condition operators", String condition operators):
 * StringEquals is exact and case-sensitive; StringEqualsIgnoreCase is exact ignoring case;
 * StringLike is case-sensitive with `*` and `?` "anywhere in the string". All three take policy
 * variables ("IAM policy elements: Variables and tags", Condition element); only StringLike takes
 * wildcards, so in StringEquals a `*` is an asterisk.
 */
export type StringOperator = 'StringEquals' | 'StringEqualsIgnoreCase' | 'StringLike'

/** Policy values split at compile time: plain strings in a set, the rest as globs. */
class StringTest implements ValueTest {
  constructor(
    private readonly exact: ReadonlySet<string>,
    private readonly globs: readonly Glob[],
    private readonly ignoreCase: boolean,
  ) {}

  test(value: string, context: RequestContext): TestResult {
    const text = this.ignoreCase ? value.toLowerCase() : value
    if (this.exact.size > 0 && this.exact.has(text)) return MATCH
    const globs = this.globs
    for (let i = 0; i < globs.length; i++) if (matchGlobRange(globs[i]!, text, 0, text.length, context)) return MATCH
    // An unresolved variable in a policy value is "effectively null" and matches nothing; the
    // negated operators are then satisfied ("Variables and tags", Policy variables with no value).
    return NO_MATCH
  }
}

/** Compiles the policy values of a String operator (its positive form). */
export function compileStringTest(operator: StringOperator, values: readonly string[], version: PolicyVersion): ValueTest {
  const ignoreCase = operator === 'StringEqualsIgnoreCase'
  const wildcards = operator === 'StringLike'
  const exact = new Set<string>()
  const globs: Glob[] = []
  for (const value of values) {
    const glob = compileGlob(value, { version, ignoreCase, variables: true, wildcards })
    if (glob.literal !== undefined) exact.add(glob.literal)
    else globs.push(glob)
  }
  return new StringTest(exact, globs, ignoreCase)
}
