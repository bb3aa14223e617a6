import { z } from 'zod'
import { policyDocumentShapeIssues } from './policy-document-shape.ts'
import { reportShapeIssues } from './shape-issue.ts'

/**
 * Where a document is used decides its kind and IAM's size quota (IAM and STS quotas: characters
 * not counting whitespace).
 */
const DOCUMENT_USES = {
  userInline: { kind: 'identity', limit: 2048, label: 'an inline user policy' },
  roleInline: { kind: 'identity', limit: 10240, label: 'an inline role policy' },
  managed: { kind: 'identity', limit: 6144, label: 'a managed policy' },
  trust: { kind: 'trust', limit: 2048, label: 'a role trust policy' },
} as const

export type DocumentUse = keyof typeof DOCUMENT_USES

/**
 * A policy document given as a mapping or as a JSON string; its output is the compact
 * `JSON.stringify` of the parsed document, the form stored and compared.
 */
export function policyDocumentField(use: DocumentUse) {
  const { kind, limit, label } = DOCUMENT_USES[use]
  return z.unknown().transform((value, ctx) => {
    // z.unknown() lets a missing key through to here.
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required' })
      return z.NEVER
    }
    let document = value
    if (typeof value === 'string') {
      try {
        document = JSON.parse(value)
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a policy document (a mapping, or a JSON string): the string is not valid JSON' })
        return z.NEVER
      }
    }
    const issues = policyDocumentShapeIssues(document, kind)
    if (issues.length > 0) {
      reportShapeIssues(ctx, issues)
      return z.NEVER
    }
    const compact = JSON.stringify(document)
    const size = compact.replace(/\s/g, '').length
    if (size > limit) {
      ctx.addIssue({ code: 'custom', message: `is ${size} characters without whitespace; ${label} may have at most ${limit}` })
      return z.NEVER
    }
    return compact
  })
}
