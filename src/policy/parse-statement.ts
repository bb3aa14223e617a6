import type { Condition, Effect, PolicyKind, PolicyVersion, PrincipalBlock, Statement } from './document.ts'
import { actionProblem, trustActionProblem } from './parse-action.ts'
import { parseConditionBlock } from './parse-condition.ts'
import { isJsonObject, jsonTypeName, type JsonObject, type JsonValue } from './parse-json.ts'
import { parsePrincipal } from './parse-principal.ts'
import { resourceProblem } from './parse-resource.ts'
import { parseStringList } from './parse-string-list.ts'
import { didYouMean, quoteName, type PolicyIssues, type PolicyPath } from './policy-issues.ts'

// One statement, per "Grammar of the IAM JSON policy language" and the element pages it links.

const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']

// "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers
// (0-9)" (IAM JSON policy elements: Sid). Some services' resource policies allow more; IAM's,
// and so stsgate's, do not.
export const SID = /^[A-Za-z0-9]*$/

const KIND_LABELS: Readonly<Record<PolicyKind, string>> = {
  identity: 'an identity-based policy',
  session: 'a session policy',
  boundary: 'a permissions boundary',
  resource: 'a resource-based policy',
  trust: 'a trust policy',
}

/**
 * One statement in its document form, or undefined when it has problems (all of them are added to
 * `issues`). `index` is its position in the document; `path` where it is (`Statement[2]`, or
 * `Statement` for a lone statement object); `kind` decides the elements it needs and may have.
 */
export function parseStatement(
  value: JsonValue,
  path: PolicyPath,
  index: number,
  context: { readonly kind: PolicyKind; readonly version: PolicyVersion },
  issues: PolicyIssues,
): Statement | undefined {
  const { kind, version } = context
  if (!isJsonObject(value)) {
    issues.add(path, `expected a statement object, not ${jsonTypeName(value)}`)
    return undefined
  }
  const before = issues.count
  for (const key of value.keys()) {
    if (!STATEMENT_ELEMENTS.includes(key)) issues.add(path, `unknown element ${quoteName(key)}${didYouMean(key, STATEMENT_ELEMENTS)}`)
  }
  const at = (key: string) => [...path, key]
  const sid = parseSid(value.get('Sid'), at('Sid'), issues)
  const effect = parseEffect(value.get('Effect'), at('Effect'), issues)

  let principal: PrincipalBlock | undefined
  let notPrincipal: PrincipalBlock | undefined
  if (kind === 'resource' || kind === 'trust') {
    const which = exactlyOne(value, 'Principal', 'NotPrincipal', path, issues)
    const block = which === undefined ? undefined : parsePrincipal(value.get(which)!, at(which), kind, issues)
    if (which === 'Principal') principal = block
    else notPrincipal = block
  } else {
    // "You cannot use the Principal element in an identity-based policy" (… elements: Principal);
    // the same for NotPrincipal. The principal is whoever the policy is attached to.
    for (const key of ['Principal', 'NotPrincipal']) {
      if (value.has(key)) issues.add(at(key), `not allowed in ${KIND_LABELS[kind]} (Principal and NotPrincipal belong in resource-based and trust policies)`)
    }
  }

  let action: readonly string[] | undefined
  let notAction: readonly string[] | undefined
  const actionKey = exactlyOne(value, 'Action', 'NotAction', path, issues)
  if (actionKey === 'Action') action = parseStringList(value.get('Action')!, at('Action'), issues, kind === 'trust' ? trustActionProblem : actionProblem)
  if (actionKey === 'NotAction') notAction = parseStringList(value.get('NotAction')!, at('NotAction'), issues, actionProblem)

  let resource: readonly string[] | undefined
  let notResource: readonly string[] | undefined
  if (kind === 'trust') {
    // AWS refuses these with "Has prohibited field Resource": a trust policy's resource is its role.
    for (const key of ['Resource', 'NotResource']) {
      if (value.has(key)) issues.add(at(key), 'not allowed in a trust policy (the role it belongs to is the resource)')
    }
  } else {
    const resourceKey = exactlyOne(value, 'Resource', 'NotResource', path, issues)
    if (resourceKey === 'Resource') resource = parseStringList(value.get('Resource')!, at('Resource'), issues, resourceProblem)
    if (resourceKey === 'NotResource') notResource = parseStringList(value.get('NotResource')!, at('NotResource'), issues, resourceProblem)
  }

  const condition = value.get('Condition')
  const conditions: Condition[] | undefined = condition === undefined ? [] : parseConditionBlock(condition, at('Condition'), version, issues)

  if (issues.count !== before || effect === undefined || conditions === undefined) return undefined
  return { index, sid, effect, principal, notPrincipal, action, notAction, resource, notResource, conditions }
}

function parseSid(value: JsonValue | undefined, path: PolicyPath, issues: PolicyIssues): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') issues.add(path, `expected a string, not ${jsonTypeName(value)}`)
  else if (!SID.test(value)) issues.add(path, 'expected ASCII letters and digits only')
  else return value
  return undefined
}

function parseEffect(value: JsonValue | undefined, path: PolicyPath, issues: PolicyIssues): Effect | undefined {
  if (value === 'Allow' || value === 'Deny') return value
  if (value === undefined) issues.add(path, 'required')
  // Case matters: AWS refuses "allow".
  else if (typeof value === 'string') issues.add(path, 'expected "Allow" or "Deny"')
  else issues.add(path, `expected "Allow" or "Deny", not ${jsonTypeName(value)}`)
  return undefined
}

/** Which of two mutually exclusive elements the statement has; undefined (and an issue) for none or both. */
function exactlyOne<K extends string>(statement: JsonObject, key: K, notKey: K, path: PolicyPath, issues: PolicyIssues): K | undefined {
  const hasKey = statement.has(key)
  const hasNotKey = statement.has(notKey)
  if (hasKey !== hasNotKey) return hasKey ? key : notKey
  issues.add(path, `expected exactly one of ${key} or ${notKey}${hasKey ? ', not both' : ''}`)
  return undefined
}
