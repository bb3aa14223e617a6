import { ServiceError } from '../errors.ts'
import type { PolicyDocument, PolicyKind, PolicyVersion, Statement } from './document.ts'
import { characterIssues } from './parse-characters.ts'
import { isJsonObject, jsonTypeName, readJson, type JsonValue } from './parse-json.ts'
import { parseStatement, SID } from './parse-statement.ts'
import { didYouMean, PolicyIssues, quoteName, type PolicyIssue } from './policy-issues.ts'
import { POLICY_SIZE_LIMITS, policySize, type PolicySizeLimit } from './size-limits.ts'

export type { PolicyIssue } from './policy-issues.ts'

export interface PolicyParseOptions {
  /** The quota the text must fit, counted without white space (size-limits.ts). None when omitted. */
  readonly sizeLimit?: PolicySizeLimit
}

const DOCUMENT_ELEMENTS = ['Version', 'Id', 'Statement']
const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17']

/**
 * Checks an IAM JSON policy document (the text as a caller sent it) against the policy grammar and
 * the rules of its kind, and returns it in document form (document.ts), or every problem found,
 * each with its place. Never throws. Checked in order, stopping at the first failing stage: size
 * quota, JSON syntax (duplicate keys refused), then characters and grammar (all problems).
 *
 * AWS references: "Grammar of the IAM JSON policy language", "IAM JSON policy elements reference",
 * "IAM and AWS STS quotas". Version is optional in the grammar (`<version_block?>`), and a policy
 * without one is a 2008-10-17 policy ("If you do not include a Version element, the value defaults
 * to 2008-10-17", earlier text of "IAM JSON policy elements: Version").
 */
export function validatePolicyDocument(
  text: string,
  kind: PolicyKind,
  options: PolicyParseOptions = {},
): { readonly document: PolicyDocument } | { readonly issues: readonly PolicyIssue[] } {
  if (typeof text !== 'string') return { issues: [{ path: '', message: 'expected the policy document as JSON text' }] }
  if (options.sizeLimit !== undefined) {
    const size = policySize(text)
    const limit = POLICY_SIZE_LIMITS[options.sizeLimit]
    if (size > limit) return { issues: [{ path: '', message: `policy is ${size} characters (excluding whitespace); the limit is ${limit}` }] }
  }
  const read = readJson(text)
  if ('issue' in read) return { issues: [read.issue] }
  const issues = new PolicyIssues()
  characterIssues(read.value, [], issues)
  const document = parseDocument(read.value, kind, issues)
  if (document === undefined || issues.count > 0) return { issues: issues.list() }
  return { document }
}

/**
 * validatePolicyDocument for callers that answer on the wire: the document, or a ServiceError
 * MalformedPolicyDocument (400) whose message is the first problem as `path: message` (the message
 * alone for a problem with the whole document). Throws nothing else.
 */
export function parsePolicyDocument(text: string, kind: PolicyKind, options: PolicyParseOptions = {}): PolicyDocument {
  const result = validatePolicyDocument(text, kind, options)
  if ('document' in result) return result.document
  const first = result.issues[0] ?? { path: '', message: 'malformed policy document' }
  throw new ServiceError('MalformedPolicyDocument', first.path === '' ? first.message : `${first.path}: ${first.message}`)
}

function parseDocument(value: JsonValue, kind: PolicyKind, issues: PolicyIssues): PolicyDocument | undefined {
  if (!isJsonObject(value)) {
    issues.add([], `expected a policy document (a JSON object with Version and Statement), not ${jsonTypeName(value)}`)
    return undefined
  }
  for (const key of value.keys()) {
    if (!DOCUMENT_ELEMENTS.includes(key)) {
      issues.add([], `unknown element ${quoteName(key)}${didYouMean(key, DOCUMENT_ELEMENTS) || ' (a policy has only Version, Id and Statement)'}`)
    }
  }
  const version = parseVersion(value.get('Version'), issues)
  const id = value.get('Id')
  if (id !== undefined && typeof id !== 'string') issues.add(['Id'], `expected a string, not ${jsonTypeName(id)}`)
  // A Version refused above still leaves the statements to check, under the current grammar.
  const statements = parseStatements(value.get('Statement'), { kind, version: version ?? '2012-10-17' }, issues)
  if (version === undefined || statements === undefined) return undefined
  return { version, id: typeof id === 'string' ? id : undefined, statements }
}

function parseVersion(value: JsonValue | undefined, issues: PolicyIssues): PolicyVersion | undefined {
  if (value === undefined) return '2008-10-17'
  const version = VERSIONS.find((candidate) => candidate === value)
  if (version === undefined) {
    const type = typeof value === 'string' ? '' : `, not ${jsonTypeName(value)}`
    issues.add(['Version'], `expected "2012-10-17" or "2008-10-17"${type}`)
  }
  return version
}

/** A lone statement object is statement 0; an array must not be empty. Sids are unique. */
function parseStatements(
  value: JsonValue | undefined,
  context: { readonly kind: PolicyKind; readonly version: PolicyVersion },
  issues: PolicyIssues,
): Statement[] | undefined {
  if (value === undefined) {
    issues.add(['Statement'], 'required')
    return undefined
  }
  if (isJsonObject(value)) {
    const statement = parseStatement(value, ['Statement'], 0, context, issues)
    return statement === undefined ? undefined : [statement]
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(['Statement'], `expected a statement object or a non-empty array of statements, not ${jsonTypeName(value)}`)
    return undefined
  }
  const statements: Statement[] = []
  const sidIndexes = new Map<string, number>()
  value.forEach((item: JsonValue, index) => {
    const statement = parseStatement(item, ['Statement', index], index, context, issues)
    if (statement !== undefined) statements.push(statement)
    // "In IAM, the Sid value must be unique within a JSON policy" (IAM JSON policy elements: Sid).
    const sid = isJsonObject(item) ? item.get('Sid') : undefined
    if (typeof sid !== 'string' || sid === '' || !SID.test(sid)) return
    const first = sidIndexes.get(sid)
    if (first === undefined) sidIndexes.set(sid, index)
    else issues.add(['Statement', index, 'Sid'], `duplicate Sid ${quoteName(sid)} (Statement[${first}] has it too)`)
  })
  return statements.length === value.length ? statements : undefined
}
