import { randomUUID } from 'node:crypto'
import { parseIamArn } from '../../iam/arns.ts'
import { AuditLog } from '../../storage/audit-log.ts'
import type { Database } from '../../storage/database.ts'
import { openStorage } from '../../storage/open-storage.ts'
import { revokeRoleSessions as writeRevocation } from '../../storage/session-revocations.ts'
import { parseStrict, UsageError } from '../usage.ts'
import { commandContext } from './context.ts'

/** The role named does not exist: nothing was revoked. Reported in one line, exit code 1. */
export class UnknownRoleError extends Error {
  override readonly name = 'UnknownRoleError'
}

export interface RevokeSessionsRequest {
  readonly roleArn: string
  readonly before: Date
}

/**
 * `stsgate revoke-sessions --role-arn ARN [--before TIME]`: AWS's "Revoke active sessions"
 * (IAM User Guide, id_roles_use_revoke-sessions), written as AWS writes it: the role's inline
 * policy AWSRevokeOlderSessions (src/iam/session-revocation.ts). Running servers apply it within
 * the few seconds they trust their IAM reads (iam-directory.ts).
 */
export async function runRevokeSessions(args: string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const request = parseRevokeSessions(args, new Date())
  const { config, logger } = commandContext(env)
  const storage = await openStorage(config, logger)
  try {
    process.stdout.write(`${await revokeRoleSessions(storage.db, request)}\n`)
    return 0
  } finally {
    await storage.close()
  }
}

/** The command line -> what to revoke; throws UsageError. `now` is the default and the upper bound of --before. */
export function parseRevokeSessions(args: readonly string[], now: Date): RevokeSessionsRequest {
  const { values } = parseStrict('revoke-sessions', args, { 'role-arn': { type: 'string' }, before: { type: 'string' } })
  const problem = (text: string) => new UsageError(`revoke-sessions: ${text} (see stsgate --help)`)
  const roleArn = values['role-arn']
  if (!roleArn) throw problem('--role-arn ARN is required')
  if (!parseIamArn(roleArn, 'role')) throw problem(`--role-arn: expected a role ARN like arn:aws:iam::123456789012:role/NAME (got "${roleArn}")`)
  if (values.before === undefined) return { roleArn, before: now }
  const before = parseIsoTime(values.before)
  if (!before) throw problem(`--before: expected an ISO 8601 date, or a time with its offset, like 2025-06-01T12:00:00Z (got "${values.before}")`)
  // The time never moves back: a typo in the future would shut the role out until then.
  if (before > now) throw problem(`--before: ${before.toISOString()} is in the future`)
  return { roleArn, before }
}

/**
 * Revokes the role's sessions issued before `request.before` and says so in one line (naming
 * the effective time, which an earlier revocation may already have set later). Throws
 * UnknownRoleError when there is no such role.
 */
export async function revokeRoleSessions(db: Database, request: RevokeSessionsRequest): Promise<string> {
  const revocation = await writeRevocation(db.prisma, request.roleArn, request.before)
  if (!revocation) throw new UnknownRoleError(`revoke-sessions: no role ${request.roleArn}`)
  const { effective, roleArn } = revocation
  await new AuditLog(db).record({
    requestId: randomUUID(), service: 'admin', action: 'RevokeSessions', outcome: 'success', accountId: revocation.accountId,
    detail: { roleArn, requestedBefore: request.before.toISOString(), sessionsRevokedBefore: effective.toISOString() },
  })
  if (!revocation.written) {
    return `Sessions of ${roleArn} issued before ${effective.toISOString()} were already revoked (later than ${request.before.toISOString()}); nothing changed.`
  }
  return `Revoked every session of ${roleArn} issued before ${effective.toISOString()}.`
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/

/**
 * A calendar date (midnight UTC) or a date and time with its offset (a time without one would
 * depend on the host's zone). Date.parse alone takes other formats and rolls Feb 30 over to March.
 */
function parseIsoTime(text: string): Date | undefined {
  const parts = ISO_TIME.exec(text)
  if (!parts) return undefined
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)))
  const fields = new Date(Date.UTC(year!, month! - 1, day!, hour, minute, second))
  const exact = fields.getUTCFullYear() === year && fields.getUTCMonth() === month! - 1 && fields.getUTCDate() === day &&
    fields.getUTCHours() === hour && fields.getUTCMinutes() === minute && fields.getUTCSeconds() === second
  const time = Date.parse(text)
  return exact && !Number.isNaN(time) ? new Date(time) : undefined
}
