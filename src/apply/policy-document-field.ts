import { z } from 'zod'
import type { PolicyKind } from '../policy/document.ts'
import { validatePolicyDocument } from '../policy/parse-policy.ts'
import { splitPolicyPath } from '../policy/policy-issues.ts'
import type { PolicySizeLimit } from '../policy/size-limits.ts'
import { isPlainObject, reportShapeIssues } from './shape-issue.ts'

/** Where a document is used decides its kind and its IAM size quota (src/policy/size-limits.ts). */
const DOCUMENT_USES = {
  userInline: { kind: 'identity', sizeLimit: 'user-inline' },
  roleInline: { kind: 'identity', sizeLimit: 'role-inline' },
  managed: { kind: 'identity', sizeLimit: 'managed' },
  trust: { kind: 'trust', sizeLimit: 'trust' },
} as const satisfies Record<string, { kind: PolicyKind; sizeLimit: PolicySizeLimit }>

export type DocumentUse = keyof typeof DOCUMENT_USES

/**
 * A policy document given as a mapping or as a JSON string, checked by the policy engine's parser
 * (src/policy/parse-policy.ts), its problems reported at their place inside the field. Its output is
 * the compact `JSON.stringify` of the document, the form stored and compared.
 */
export function policyDocumentField(use: DocumentUse) {
  const { kind, sizeLimit } = DOCUMENT_USES[use]
  return z.unknown().transform((value, ctx) => {
    // z.unknown() lets a missing key through to here.
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required' })
      return z.NEVER
    }
    if (typeof value !== 'string' && !isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected a policy document (a mapping, or a JSON string)' })
      return z.NEVER
    }
    // A string is checked as written (its duplicate keys, its size); a mapping as the JSON it becomes.
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    const result = validatePolicyDocument(text, kind, { sizeLimit })
    if ('issues' in result) {
      reportShapeIssues(ctx, result.issues.map((issue) => {
        const path = splitPolicyPath(issue.path)
        return path === undefined ? { path: [], message: `${issue.path}: ${issue.message}` } : { path, message: issue.message }
      }))
      return z.NEVER
    }
    return typeof value === 'string' ? JSON.stringify(JSON.parse(value)) : text
  })
}
