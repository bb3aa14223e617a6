import { ServiceError } from '../errors.ts'
import { parsePolicyDocument } from '../policy/index.ts'
import { POLICY_SIZE_LIMITS, policySize } from '../policy/size-limits.ts'
import type { QueryParams } from '../protocol/query-params.ts'
import { IAM_RULES, requiredString } from './iam-parameters.ts'

/**
 * Where a document is stored decides its grammar and its quota. IAM answers a document over its
 * quota with LimitExceeded in these words (not MalformedPolicyDocument), and checks the size
 * before the grammar.
 */
const USES = {
  userInline: { kind: 'identity', limit: 'user-inline', tooLarge: (owner: string) => `Maximum policy size of ${POLICY_SIZE_LIMITS['user-inline']} bytes exceeded for user ${owner}` },
  roleInline: { kind: 'identity', limit: 'role-inline', tooLarge: (owner: string) => `Maximum policy size of ${POLICY_SIZE_LIMITS['role-inline']} bytes exceeded for role ${owner}` },
  managed: { kind: 'identity', limit: 'managed', tooLarge: () => `Cannot exceed quota for PolicySize: ${POLICY_SIZE_LIMITS.managed}` },
  trust: { kind: 'trust', limit: 'trust', tooLarge: () => `Cannot exceed quota for ACLSizePerRole: ${POLICY_SIZE_LIMITS.trust}` },
} as const

export type DocumentUse = keyof typeof USES

/**
 * A policy document parameter: the model's constraint (ValidationError), the quota
 * (LimitExceeded), then the grammar of its use (MalformedPolicyDocument, the problem and its
 * place). Returned as given: IAM stores and returns documents verbatim.
 */
export function policyDocumentParameter(params: QueryParams, name: string, use: DocumentUse, owner = ''): string {
  const text = requiredString(params, name, IAM_RULES.policyDocument)
  return checkPolicyDocument(text, use, owner)
}

export function checkPolicyDocument(text: string, use: DocumentUse, owner = ''): string {
  const { kind, limit, tooLarge } = USES[use]
  if (policySize(text) > POLICY_SIZE_LIMITS[limit]) throw new ServiceError('LimitExceeded', tooLarge(owner))
  parsePolicyDocument(text, kind)
  return text
}

/**
 * A document as IAM's XML carries it: URL-encoded (RFC 3986), which botocore and the AWS CLI
 * decode and the other SDKs hand over as is (IAM API Reference, GetRolePolicy: "The policy
 * document returned in this structure is URL-encoded compliant with RFC 3986").
 */
export function encodedPolicyDocument(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}
