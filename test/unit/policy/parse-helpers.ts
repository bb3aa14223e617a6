import type { PolicyKind } from '../../../src/policy/document.ts'
import { validatePolicyDocument, type PolicyParseOptions } from '../../../src/policy/parse-policy.ts'

/** A statement list under the current Version. */
export const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })

export const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }
export const trust = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }

/** The `path: message` lines a document is refused with ([] when accepted); text is sent as is. */
export function problems(document: unknown, kind: PolicyKind = 'identity', options?: PolicyParseOptions): string[] {
  const text = typeof document === 'string' ? document : JSON.stringify(document)
  const result = validatePolicyDocument(text, kind, options)
  if (!('issues' in result)) return []
  return result.issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
}
