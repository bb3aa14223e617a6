import type { ConditionOperatorName, PolicyVersion } from '../document.ts'
import { hasVariables, parseTemplate } from '../variables.ts'
import { canonicalBase64 } from './binary-operators.ts'
import { parseBool } from './bool-operators.ts'
import { parseCidr } from './ip-operators.ts'
import { parseDecimal } from './numeric-operators.ts'
import { parseDate } from './parse-date.ts'

/**
 * Why a policy value cannot be read by its operator, for the parser's MalformedPolicyDocument
 * message; undefined when it can. String and Arn values are free text (an ARN pattern is checked
 * component by component at decision time), so they are always readable. Bool takes variables
 * (see bool-operators.ts), so a Bool value with a variable is readable too.
 */
export function conditionValueProblem(operator: ConditionOperatorName, value: string, version: PolicyVersion): string | undefined {
  if (operator.startsWith('Numeric')) return Number.isNaN(parseDecimal(value)) ? `${operator} needs a number, not "${value}"` : undefined
  if (operator.startsWith('Date')) return Number.isNaN(parseDate(value)) ? `${operator} needs an ISO 8601 date or epoch seconds, not "${value}"` : undefined
  switch (operator) {
    case 'IpAddress':
    case 'NotIpAddress':
      return parseCidr(value) === undefined ? `${operator} needs an IPv4 or IPv6 address or CIDR range, not "${value}"` : undefined
    case 'BinaryEquals':
      return canonicalBase64(value) === undefined ? `BinaryEquals needs base64, not "${value}"` : undefined
    case 'Bool':
      if (hasVariables(parseTemplate(value, version))) return undefined
      return parseBool(value) < 0 ? `Bool needs true or false, not "${value}"` : undefined
    case 'Null':
      return parseBool(value) < 0 ? `Null needs true or false, not "${value}"` : undefined
    default:
      return undefined
  }
}
