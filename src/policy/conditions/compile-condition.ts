import type { Condition, ConditionOperatorName, PolicyVersion } from '../document.ts'
import type { RequestContext } from '../request-context.ts'
import { compileArnTest } from './arn-operators.ts'
import { compileBinaryTest } from './binary-operators.ts'
import { compileBoolTest } from './bool-operators.ts'
import { compileDateTest } from './date-operators.ts'
import { compileIpTest } from './ip-operators.ts'
import { NullCondition } from './null-operator.ts'
import { compileNumericTest } from './numeric-operators.ts'
import type { Comparison } from './ordered-test.ts'
import { ForAllValuesCondition, ForAnyValueCondition, PlainCondition } from './set-qualifiers.ts'
import { compileStringTest } from './string-operators.ts'
import type { ValueTest } from './value-test.ts'

/** One `"Operator": {"key": values}` entry, ready for decisions. */
export interface CompiledCondition {
  /** The condition key, lower-cased: condition key names, tag key part included, are case-insensitive. */
  readonly key: string
  /** Whether the condition holds for the request. Parses no JSON, builds no RegExp. */
  evaluate(context: RequestContext): boolean
}

/** The negated operators and the operator whose result they invert for one request value. */
const POSITIVE_FORM: Partial<Record<ConditionOperatorName, ConditionOperatorName>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
}

/**
 * Compiles a parsed condition for one key. The condition key is lower-cased here ("Condition key
 * names are not case-sensitive", "IAM JSON policy elements: Condition"; services' tag examples add
 * that `aws:ResourceTag/Owner` "matches both Owner and owner"). Values that the operator cannot
 * read (a malformed number, date, range, …) compile to comparisons that cannot be made: the
 * parser is expected to have refused them (see conditionValueProblem), and compiling never throws.
 */
export function compileCondition(condition: Condition, version: PolicyVersion): CompiledCondition {
  const key = condition.key.toLowerCase()
  const operator = condition.baseOperator
  if (operator === 'Null') return new NullCondition(key, condition.values)
  const positive = POSITIVE_FORM[operator] ?? operator
  const negated = positive !== operator
  const test = compileValueTest(positive, condition.values, version)
  switch (condition.setQualifier) {
    case 'ForAllValues': return new ForAllValuesCondition(key, test, negated)
    case 'ForAnyValue': return new ForAnyValueCondition(key, test, negated)
    default: return new PlainCondition(key, test, negated, condition.ifExists)
  }
}

function compileValueTest(operator: ConditionOperatorName, values: readonly string[], version: PolicyVersion): ValueTest {
  switch (operator) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase':
    case 'StringLike':
      return compileStringTest(operator, values, version)
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return compileNumericTest(operator.slice('Numeric'.length) as Comparison, values)
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return compileDateTest(operator.slice('Date'.length) as Comparison, values)
    case 'Bool':
      return compileBoolTest(values, version)
    case 'BinaryEquals':
      return compileBinaryTest(values)
    case 'IpAddress':
      return compileIpTest(values)
    case 'ArnEquals':
    case 'ArnLike':
      return compileArnTest(values, version)
    default:
      // Negated and Null operators never get here (see compileCondition).
      throw new Error(`no value test for condition operator ${operator}`)
  }
}
