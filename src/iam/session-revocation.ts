import { awsTimestamp } from '../protocol/xml-response.ts'

/**
 * AWS's "Revoke active sessions" (IAM User Guide, id_roles_use_revoke-sessions): an inline policy
 * on the role, named AWSRevokeOlderSessions, that denies everything to sessions whose
 * aws:TokenIssueTime is older than the revocation. stsgate revokes the same way, so the
 * revocation shows in GetRolePolicy and an operator can lift it with DeleteRolePolicy.
 */
export const REVOCATION_POLICY_NAME = 'AWSRevokeOlderSessions'

/**
 * The instant a revocation asked for `before` takes effect: rounded up to a whole second, because
 * aws:TokenIssueTime is whole seconds. Sessions issued in that second are revoked too: failing
 * closed, an operator re-assumes, a revoked session never slips through.
 */
export function revocationInstant(before: Date): Date {
  return new Date(Math.ceil(before.getTime() / 1000) * 1000)
}

/** The policy document AWS writes for a revocation at `before` (a whole second, see revocationInstant). */
export function revocationPolicy(before: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Deny',
      Action: ['*'],
      Resource: ['*'],
      Condition: { DateLessThan: { 'aws:TokenIssueTime': awsTimestamp(before) } },
    }],
  })
}

/**
 * The time a revocation document revokes sessions before; undefined when the document is not one
 * (an operator may have written something else under the name).
 */
export function revokedBefore(document: string): Date | undefined {
  try {
    const value = JSON.parse(document)?.Statement?.[0]?.Condition?.DateLessThan?.['aws:TokenIssueTime']
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
    return Number.isNaN(time) ? undefined : new Date(time)
  } catch {
    return undefined
  }
}
