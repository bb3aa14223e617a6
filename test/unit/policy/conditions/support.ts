// Helpers for the condition operator tables: a Condition from its operator text, and a context
// from a plain object (arrays are multivalued keys).
import { compileCondition } from '../../../../src/policy/conditions/compile-condition.ts'
import { RequestContextBuilder } from '../../../../src/policy/context-builder.ts'
import type { Condition, ConditionOperatorName, PolicyVersion } from '../../../../src/policy/document.ts'
import type { RequestContext } from '../../../../src/policy/request-context.ts'

export type ContextValues = Readonly<Record<string, string | readonly string[]>>

/** `ForAnyValue:StringLikeIfExists` → its parts, as parse-policy.ts produces them. */
export function condition(operator: string, key: string, values: string | readonly string[]): Condition {
  let rest = operator
  let setQualifier: Condition['setQualifier']
  for (const qualifier of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${qualifier}:`)) {
      setQualifier = qualifier
      rest = rest.slice(qualifier.length + 1)
    }
  }
  const ifExists = rest.endsWith('IfExists')
  const baseOperator = (ifExists ? rest.slice(0, -'IfExists'.length) : rest) as ConditionOperatorName
  return { operator, baseOperator, setQualifier, ifExists, key, values: typeof values === 'string' ? [values] : values }
}

export function contextOf(values: ContextValues): RequestContext {
  const builder = new RequestContextBuilder()
  for (const [key, value] of Object.entries(values)) {
    builder.set(key, value, { multiValued: typeof value !== 'string' })
  }
  return builder.build()
}

/** Whether `"operator": {key: values}` holds for a request with `context`. */
export function holds(
  operator: string, key: string, values: string | readonly string[], context: ContextValues, version: PolicyVersion = '2012-10-17',
): boolean {
  return compileCondition(condition(operator, key, values), version).evaluate(contextOf(context))
}
