import type { PrismaClient } from '../generated/prisma/client.ts'
import { arns, parseIamArn } from '../iam/arns.ts'
import { REVOCATION_POLICY_NAME, revocationInstant, revocationPolicy, revokedBefore } from '../iam/session-revocation.ts'

export interface Revocation {
  readonly roleArn: string
  readonly accountId: string
  /** The time sessions are now revoked before: `before`, or a later time an earlier revocation set. */
  readonly effective: Date
  /** False when an earlier revocation already revoked past `effective`: nothing was written. */
  readonly written: boolean
}

/**
 * Writes (or moves forward) the role's AWSRevokeOlderSessions policy in one transaction, for
 * `requested` rounded up to a whole second (revocationInstant). A later
 * revocation never moves the time back. Undefined when there is no such role (path compared
 * exactly, name without case).
 */
export async function revokeRoleSessions(prisma: PrismaClient, roleArn: string, requested: Date): Promise<Revocation | undefined> {
  const before = revocationInstant(requested)
  const parts = parseIamArn(roleArn, 'role')
  if (!parts) return undefined
  return prisma.$transaction(async (tx) => {
    const role = await tx.role.findUnique({ where: { accountId_nameKey: { accountId: parts.accountId, nameKey: parts.name.toLowerCase() } } })
    if (!role || role.path !== parts.path) return undefined
    const key = { roleId_name: { roleId: role.id, name: REVOCATION_POLICY_NAME } }
    const existing = await tx.roleInlinePolicy.findUnique({ where: key })
    const earlier = existing && revokedBefore(existing.document)
    const roleArn = arns.role(role.accountId, role.path, role.name)
    if (earlier && earlier >= before) return { roleArn, accountId: role.accountId, effective: earlier, written: false }
    const document = revocationPolicy(before)
    await tx.roleInlinePolicy.upsert({ where: key, create: { roleId: role.id, name: REVOCATION_POLICY_NAME, document }, update: { document } })
    return { roleArn, accountId: role.accountId, effective: before, written: true }
  })
}
