import type { RequestContext } from '../request-context.ts'
import { MATCH, NO_MATCH, type ValueTest } from './value-test.ts'
import type { CompiledCondition } from './compile-condition.ts'

/**
 * How a condition combines the request's values of its key, per qualifier. `negated` marks the
 * Not operators (StringNotEquals, StringNotLike, NumericNotEquals, DateNotEquals, NotIpAddress,
 * ArnNotEquals, ArnNotLike, StringNotEqualsIgnoreCase): one request value satisfies them only
 * when it matches none of the policy values ("Conditions with multiple context keys or values":
 * "If a single negated matching condition operator includes multiple values for a context key,
 * those values are evaluated using a logical NOR").
 */
function holds(test: ValueTest, negated: boolean, value: string, context: RequestContext): boolean {
  const result = test.test(value, context)
  return negated ? result === NO_MATCH : result === MATCH
}

/**
 * No qualifier: the key is compared as a single value.
 *
 * Missing key: "If the key that you specify in a policy condition is not present in the request
 * context, the values do not match and the condition is false. If the policy condition requires
 * that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not
 * present, the condition is true" ("IAM JSON policy elements: Condition operators", Important),
 * and with …IfExists "If the key is not present, evaluate the condition element as true" (same
 * page, …IfExists condition operators).
 *
 * A multivalued key without a qualifier: "Multivalued context keys require a condition set
 * operator" ("Single-valued vs. multivalued context keys"), and AWS documents no result for
 * leaving it out. We read it like a missing key, as values that cannot be compared as one: the
 * positive operators do not match and the negated ones hold (an Allow does not open, a Deny
 * written with StringNotEquals still fires).
 */
export class PlainCondition implements CompiledCondition {
  private readonly whenMissing: boolean

  constructor(
    readonly key: string,
    private readonly test: ValueTest,
    private readonly negated: boolean,
    ifExists: boolean,
  ) {
    this.whenMissing = ifExists || negated
  }

  evaluate(context: RequestContext): boolean {
    const values = context.values(this.key)
    if (values === undefined || values.length === 0) return this.whenMissing
    if (values.length !== 1 || context.isMultiValued(this.key)) return this.negated
    return holds(this.test, this.negated, values[0]!, context)
  }
}

/**
 * ForAllValues: "true if every context key value in the request matches a context key value in
 * the policy. It also returns true if there are no context keys in the request" (and for "an
 * empty data set"): "Single-valued vs. multivalued context keys" / "Conditions with multiple
 * context keys or values". A single-valued key is a set of one (AWS warns the result can be
 * "overly permissive" and advises against it, but evaluates it). IfExists changes nothing: a
 * missing key is already true.
 */
export class ForAllValuesCondition implements CompiledCondition {
  constructor(
    readonly key: string,
    private readonly test: ValueTest,
    private readonly negated: boolean,
  ) {}

  evaluate(context: RequestContext): boolean {
    const values = context.values(this.key)
    if (values === undefined) return true
    for (let i = 0; i < values.length; i++) if (!holds(this.test, this.negated, values[i]!, context)) return false
    return true
  }
}

/**
 * ForAnyValue: "true if any one of the context key values in the request matches any one of the
 * context key values in the policy. For no matching context key or if the key does not exist, the
 * condition returns false" (same pages), and an empty set is false.
 *
 * With IfExists a missing key is still false: the qualifier applies IfExists per request value,
 * inside the loop, so there is nothing for it to act on. AWS's pages say nothing of the
 * combination; this is observed AWS behaviour (re:Post "ForAnyValue:StringEqualsIfExists
 * behaving unexpectedly": a missing aws:TagKeys denied the request).
 */
export class ForAnyValueCondition implements CompiledCondition {
  constructor(
    readonly key: string,
    private readonly test: ValueTest,
    private readonly negated: boolean,
  ) {}

  evaluate(context: RequestContext): boolean {
    const values = context.values(this.key)
    if (values === undefined) return false
    for (let i = 0; i < values.length; i++) if (holds(this.test, this.negated, values[i]!, context)) return true
    return false
  }
}
