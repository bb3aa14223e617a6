import { isPlainObject, unknownKeyIssues, type ShapeIssue } from './shape-issue.ts'

/** Identity policies (user, role, managed) name resources; trust policies name principals. */
export type PolicyDocumentKind = 'identity' | 'trust'

type Path = readonly (string | number)[]

const VERSIONS = ['2012-10-17', '2008-10-17']
const DOCUMENT_KEYS = ['Version', 'Id', 'Statement']
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']
const PRINCIPAL_TYPES = ['AWS', 'Federated', 'Service', 'CanonicalUser']
const ACTION = /^(\*|[A-Za-z0-9-]+:[\w*?-]+)$/
// IAM refuses other characters in a Sid ("must be alpha-numeric"), in trust policies too.
const SID = /^[A-Za-z0-9]*$/
const CONDITION_OPERATOR = /^(ForAllValues:|ForAnyValue:)?[A-Za-z]+$/

/**
 * Structural check of an IAM JSON policy document (IAM JSON policy element reference): Version,
 * Statement, and per statement Effect, exactly one of Action/NotAction, the resource or principal
 * elements the document kind requires, and the shape of Condition. Unknown keys are refused.
 * Returns every problem found, each located inside the document; an empty list means well-formed.
 *
 * Interim: the policy engine (next issue, src/policy) parses documents fully and will replace this
 * module. It only keeps malformed documents out of the database until then; it does not read ARNs,
 * condition keys or action names for meaning.
 */
export function policyDocumentShapeIssues(document: unknown, kind: PolicyDocumentKind): ShapeIssue[] {
  if (!isPlainObject(document)) {
    return [{ path: [], message: 'expected a policy document (a mapping with Version and Statement)' }]
  }
  const issues = unknownKeyIssues(document, DOCUMENT_KEYS, [])
  if (document.Version === undefined) issues.push({ path: ['Version'], message: 'required' })
  else if (!VERSIONS.includes(document.Version as string)) {
    issues.push({ path: ['Version'], message: 'expected "2012-10-17" or "2008-10-17"' })
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') issues.push({ path: ['Id'], message: 'expected a string' })

  const statements = document.Statement
  if (statements === undefined) issues.push({ path: ['Statement'], message: 'required' })
  else if (isPlainObject(statements)) issues.push(...statementIssues(statements, ['Statement'], kind))
  else if (Array.isArray(statements)) {
    if (statements.length === 0) issues.push({ path: ['Statement'], message: 'expected at least one statement' })
    const sids = new Set<string>()
    statements.forEach((statement: unknown, index) => {
      const path = ['Statement', index]
      if (!isPlainObject(statement)) {
        issues.push({ path, message: 'expected a statement (a mapping with Effect and Action)' })
        return
      }
      issues.push(...statementIssues(statement, path, kind))
      if (typeof statement.Sid === 'string' && statement.Sid !== '') {
        if (sids.has(statement.Sid)) issues.push({ path: [...path, 'Sid'], message: `duplicate Sid ${JSON.stringify(statement.Sid)}` })
        sids.add(statement.Sid)
      }
    })
  } else {
    issues.push({ path: ['Statement'], message: 'expected a statement or a list of statements' })
  }
  return issues
}

function statementIssues(statement: Record<string, unknown>, path: Path, kind: PolicyDocumentKind): ShapeIssue[] {
  const issues = unknownKeyIssues(statement, STATEMENT_KEYS, path)
  if (statement.Sid !== undefined) {
    if (typeof statement.Sid !== 'string') issues.push({ path: [...path, 'Sid'], message: 'expected a string' })
    else if (!SID.test(statement.Sid)) issues.push({ path: [...path, 'Sid'], message: 'expected letters and digits only' })
  }
  if (statement.Effect === undefined) issues.push({ path: [...path, 'Effect'], message: 'required' })
  else if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    issues.push({ path: [...path, 'Effect'], message: 'expected "Allow" or "Deny"' })
  }
  issues.push(...exactlyOne(statement, 'Action', 'NotAction', path, (value, at) =>
    stringListIssues(value, at, (item) => ACTION.test(item) ? undefined : 'expected an action such as "s3:GetObject" or "*"')))

  const resourceCheck = (value: unknown, at: Path) =>
    stringListIssues(value, at, (item) => item === '*' || item.startsWith('arn:') ? undefined : 'expected "*" or an ARN')
  if (kind === 'identity') {
    issues.push(...exactlyOne(statement, 'Resource', 'NotResource', path, resourceCheck))
    for (const key of ['Principal', 'NotPrincipal'] as const) {
      if (key in statement) issues.push({ path: [...path, key], message: 'not allowed in an identity-based policy' })
    }
  } else {
    issues.push(...exactlyOne(statement, 'Principal', 'NotPrincipal', path, principalIssues))
    for (const key of ['Resource', 'NotResource'] as const) {
      if (key in statement) issues.push({ path: [...path, key], message: 'not allowed in a trust policy' })
    }
  }
  if (statement.Condition !== undefined) issues.push(...conditionIssues(statement.Condition, [...path, 'Condition']))
  return issues
}

function exactlyOne(
  statement: Record<string, unknown>,
  key: string,
  notKey: string,
  path: Path,
  check: (value: unknown, at: Path) => ShapeIssue[],
): ShapeIssue[] {
  const present = [key, notKey].filter((candidate) => statement[candidate] !== undefined)
  if (present.length === 0) return [{ path, message: `expected exactly one of ${key} or ${notKey}` }]
  if (present.length === 2) return [{ path, message: `expected exactly one of ${key} or ${notKey}, not both` }]
  return check(statement[present[0]!], [...path, present[0]!])
}

/** A string, or a non-empty list of strings, each passing `item`. */
function stringListIssues(value: unknown, path: Path, item: (text: string) => string | undefined): ShapeIssue[] {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length === 0) return [{ path, message: 'expected a string or a non-empty list of strings' }]
  const issues: ShapeIssue[] = []
  list.forEach((entry: unknown, index) => {
    const at = typeof value === 'string' ? path : [...path, index]
    const problem = typeof entry === 'string' ? item(entry) : 'expected a string'
    if (problem) issues.push({ path: at, message: problem })
  })
  return issues
}

function principalIssues(value: unknown, path: Path): ShapeIssue[] {
  if (value === '*') return []
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    return [{ path, message: 'expected "*" or a mapping of principal type (AWS, Federated, Service, CanonicalUser) to principals' }]
  }
  return Object.entries(value).flatMap(([type, principals]) => PRINCIPAL_TYPES.includes(type)
    ? stringListIssues(principals, [...path, type], () => undefined)
    : [{ path, message: `unknown principal type ${JSON.stringify(type)} (expected AWS, Federated, Service or CanonicalUser)` }])
}

function conditionIssues(value: unknown, path: Path): ShapeIssue[] {
  if (!isPlainObject(value)) return [{ path, message: 'expected a mapping of condition operators to conditions' }]
  return Object.entries(value).flatMap(([operator, keys]): ShapeIssue[] => {
    if (!CONDITION_OPERATOR.test(operator)) return [{ path, message: `${JSON.stringify(operator)} is not a condition operator` }]
    if (!isPlainObject(keys)) return [{ path: [...path, operator], message: 'expected a mapping of condition keys to values' }]
    return Object.entries(keys).flatMap(([key, values]) => conditionValueIssues(values, [...path, operator, key]))
  })
}

// AWS also accepts unquoted numbers and booleans here (e.g. "aws:SecureTransport": false).
function conditionValueIssues(value: unknown, path: Path): ShapeIssue[] {
  const isScalar = (entry: unknown) => ['string', 'number', 'boolean'].includes(typeof entry)
  if (isScalar(value)) return []
  if (Array.isArray(value) && value.length > 0) {
    return value.flatMap((entry: unknown, index) => isScalar(entry) ? [] : [{ path: [...path, index], message: 'expected a string' }])
  }
  return [{ path, message: 'expected a string or a non-empty list of strings' }]
}
