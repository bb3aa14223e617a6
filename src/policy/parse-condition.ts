import { conditionValueProblem } from './conditions/value-problems.ts'
import { CONDITION_OPERATORS, type Condition, type ConditionOperatorName, type PolicyVersion } from './document.ts'
import { isJsonObject, jsonTypeName, JsonNumber, type JsonValue } from './parse-json.ts'
import { didYouMean, quoteName, type PolicyIssues, type PolicyPath } from './policy-issues.ts'

// The Condition element, per "IAM JSON policy elements: Condition" and "…: Condition operators".

const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const

// `prefix:name`. The prefix is a service (`aws`, `s3`, `saml`) or an identity provider's host and
// path (`token.actions.githubusercontent.com`, `oidc.eks.us-east-1.amazonaws.com/id/ABC`); the
// name may hold a tag key after a slash, spaces included (`aws:PrincipalTag/Cost Center`).
const CONDITION_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*:\S(?:.*\S)?$/

export type ParsedOperator = Pick<Condition, 'baseOperator' | 'setQualifier' | 'ifExists'>

/** Splits `ForAnyValue:StringLikeIfExists` into its parts, or says what is wrong with the name. */
export function parseConditionOperator(name: string): ParsedOperator | { readonly problem: string } {
  const colon = name.indexOf(':')
  const qualifier = colon < 0 ? undefined : name.slice(0, colon)
  const rest = colon < 0 ? name : name.slice(colon + 1)
  if (qualifier !== undefined && !isSetQualifier(qualifier)) {
    return { problem: `unknown set qualifier ${quoteName(qualifier)} in ${quoteName(name)} (expected ForAllValues or ForAnyValue)` }
  }
  const ifExists = rest.endsWith('IfExists')
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest
  if (!isOperatorName(base)) {
    return { problem: `unknown condition operator ${quoteName(name)}${didYouMean(base, CONDITION_OPERATORS)}` }
  }
  // "You can add IfExists to the end of any condition operator name except the Null condition"
  // (Condition operators, …IfExists): Null itself asks whether the key exists.
  if (base === 'Null' && ifExists) return { problem: `${quoteName(name)}: IfExists cannot be added to Null, which already tests whether the key exists` }
  // AWS defines no set-qualified Null; quantifying an existence test over the values has no meaning.
  if (base === 'Null' && qualifier !== undefined) return { problem: `${quoteName(name)}: ForAllValues and ForAnyValue cannot qualify Null` }
  return { baseOperator: base, setQualifier: qualifier, ifExists }
}

/**
 * The Condition element as a flat list, operator by operator, key by key, in document order. Each
 * value must be one its operator can read (a number for Numeric*, a date for Date*, an address or
 * range for IpAddress, …: conditions/value-problems.ts); `version` decides whether Bool values may
 * hold policy variables.
 */
export function parseConditionBlock(value: JsonValue, path: PolicyPath, version: PolicyVersion, issues: PolicyIssues): Condition[] | undefined {
  if (!isJsonObject(value)) {
    issues.add(path, `expected an object mapping condition operators to conditions, not ${jsonTypeName(value)}`)
    return undefined
  }
  const before = issues.count
  const conditions: Condition[] = []
  for (const [operator, keys] of value) {
    const parsed = parseConditionOperator(operator)
    if ('problem' in parsed) {
      issues.add(path, parsed.problem)
      continue
    }
    const at = [...path, operator]
    if (!isJsonObject(keys)) {
      issues.add(at, `expected an object mapping condition keys to values, not ${jsonTypeName(keys)}`)
      continue
    }
    for (const [key, values] of keys) {
      if (!CONDITION_KEY.test(key)) {
        issues.add(at, `${quoteName(key)} is not a condition key (expected prefix:name, e.g. aws:username)`)
        continue
      }
      const readable = (text: string) => conditionValueProblem(parsed.baseOperator, text, version)
      const list = conditionValues(values, [...at, key], issues, readable)
      if (list !== undefined) conditions.push({ operator, ...parsed, key, values: list })
    }
  }
  return issues.count === before ? conditions : undefined
}

/**
 * A condition's values as strings. "Quotation marks are optional for numeric and Boolean values"
 * (Grammar of the IAM JSON policy language), so numbers and booleans count, as their JSON text.
 */
function conditionValues(
  value: JsonValue,
  path: PolicyPath,
  issues: PolicyIssues,
  readable: (text: string) => string | undefined,
): string[] | undefined {
  const before = issues.count
  const check = (item: JsonValue, at: PolicyPath, what: string): string | undefined => {
    const text = scalarText(item)
    const problem = text === undefined ? `${what}, not ${jsonTypeName(item)}` : readable(text)
    if (problem !== undefined) issues.add(at, problem)
    return text
  }
  if (!Array.isArray(value)) {
    const text = check(value, path, 'expected a string, number or boolean, or a non-empty array of them')
    return issues.count === before && text !== undefined ? [text] : undefined
  }
  if (value.length === 0) {
    issues.add(path, 'expected a string, number or boolean, or a non-empty array of them, not an empty array')
    return undefined
  }
  const values = value.map((item: JsonValue, index) => check(item, [...path, index], 'expected a string, number or boolean'))
  return issues.count === before ? (values as string[]) : undefined
}

function scalarText(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return String(value)
  if (value instanceof JsonNumber) return value.text
  return undefined
}

function isSetQualifier(name: string): name is (typeof SET_QUALIFIERS)[number] {
  return (SET_QUALIFIERS as readonly string[]).includes(name)
}

function isOperatorName(name: string): name is ConditionOperatorName {
  return (CONDITION_OPERATORS as readonly string[]).includes(name)
}
