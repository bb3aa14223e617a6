import { splitArn } from './arn.ts'
import type { PolicyKind, PrincipalBlock, PrincipalType } from './document.ts'
import { isJsonObject, jsonTypeName, type JsonValue } from './parse-json.ts'
import { parseStringList } from './parse-string-list.ts'
import { quoteName, type PolicyIssues, type PolicyPath } from './policy-issues.ts'

// Principal and NotPrincipal, per "AWS JSON policy elements: Principal". "You cannot use a
// wildcard to match part of a principal name or ARN": `*` is a whole value or nothing.

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Federated', 'Service', 'CanonicalUser']
const TYPE_LIST = 'AWS, Federated, Service or CanonicalUser'

const ACCOUNT_ID = /^\d{12}$/
const PARTITION = /^aws(-[a-z]+)*$/
const NAME = /^[\w+=,.@-]+$/
// A user or role with its path; path segments cannot hold '/', so matching stays linear.
const USER_OR_ROLE = /^(user|role)\/(?:[^/\s]+\/)*[\w+=,.@-]+$/
// A DNS name with at least one dot: ec2.amazonaws.com, accounts.google.com.
const HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i

const CHECKS: Readonly<Record<PrincipalType, (value: string) => string | undefined>> = {
  AWS: (value) => value === '*' || ACCOUNT_ID.test(value) || isAwsPrincipalArn(value) ? undefined
    : 'expected "*", a 12-digit account id, or the ARN of an account (…:root), IAM user or role, assumed-role session or federated user, without wildcards',
  Federated: (value) => isFederatedPrincipal(value) ? undefined
    : 'expected a SAML or OIDC provider ARN (arn:aws:iam::123456789012:saml-provider/Name) or an identity provider such as accounts.google.com, without wildcards',
  Service: (value) => HOST.test(value) ? undefined : 'expected a service principal such as ec2.amazonaws.com',
  CanonicalUser: (value) => /^[0-9a-f]{64}$/i.test(value) ? undefined : 'expected a canonical user id (64 hexadecimal digits)',
}

/** A Principal or NotPrincipal value in its document form; undefined (with issues) when malformed. */
export function parsePrincipal(value: JsonValue, path: PolicyPath, kind: PolicyKind, issues: PolicyIssues): PrincipalBlock | undefined {
  if (value === '*') return '*'
  if (!isJsonObject(value)) {
    issues.add(path, `expected "*" or an object mapping ${TYPE_LIST} to principals, not ${jsonTypeName(value)}`)
    return undefined
  }
  if (value.size === 0) {
    issues.add(path, `expected at least one of ${TYPE_LIST}`)
    return undefined
  }
  const before = issues.count
  const block: Partial<Record<PrincipalType, readonly string[]>> = {}
  for (const [type, principals] of value) {
    if (!isPrincipalType(type)) {
      issues.add(path, `unknown principal type ${quoteName(type)} (expected ${TYPE_LIST})`)
    } else if (type === 'CanonicalUser' && kind === 'trust') {
      // Canonical user ids name accounts to Amazon S3 only; nothing holding one can assume a role.
      issues.add([...path, type], 'not allowed in a trust policy (canonical user ids are for S3 bucket policies)')
    } else {
      const list = parseStringList(principals, [...path, type], issues, CHECKS[type])
      if (list !== undefined) block[type] = list
    }
  }
  return issues.count === before ? block : undefined
}

function isPrincipalType(name: string): name is PrincipalType {
  return (PRINCIPAL_TYPES as readonly string[]).includes(name)
}

/** arn:aws:iam::ACCOUNT:root|user/…|role/… or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION|federated-user/NAME. */
function isAwsPrincipalArn(value: string): boolean {
  const arn = splitArn(value)
  if (arn === undefined || /[*?]/.test(value) || !PARTITION.test(arn.partition) || arn.region !== '' || !ACCOUNT_ID.test(arn.account)) {
    return false
  }
  if (arn.service === 'iam') return arn.resource === 'root' || USER_OR_ROLE.test(arn.resource)
  if (arn.service !== 'sts') return false
  const [type, first, second, ...rest] = arn.resource.split('/')
  if (type === 'assumed-role') return rest.length === 0 && NAME.test(first ?? '') && NAME.test(second ?? '')
  return type === 'federated-user' && second === undefined && NAME.test(first ?? '')
}

/** A SAML or OIDC provider ARN, or a web identity provider's host (and path, for OIDC issuers). */
function isFederatedPrincipal(value: string): boolean {
  if (/[*?\s]/.test(value)) return false
  if (!value.startsWith('arn:')) {
    const slash = value.indexOf('/')
    return HOST.test(slash < 0 ? value : value.slice(0, slash))
  }
  const arn = splitArn(value)
  if (arn === undefined || !PARTITION.test(arn.partition) || arn.service !== 'iam' || arn.region !== '' || !ACCOUNT_ID.test(arn.account)) {
    return false
  }
  return /^saml-provider\/[\w.-]+$/.test(arn.resource) || /^oidc-provider\/[^/]+(\/[^/]+)*$/.test(arn.resource)
}
