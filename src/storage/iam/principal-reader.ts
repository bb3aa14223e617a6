import type { PrismaClient } from '../../generated/prisma/client.ts'
import { parseIamArn } from '../../iam/arns.ts'

/** An IAM user as the simulator names it. */
export interface FoundUser {
  readonly id: string
  readonly accountId: string
  readonly name: string
  readonly path: string
}

/**
 * Finds IAM users by ARN for SimulatePrincipalPolicy; their policies are then read through
 * IamDirectory.policiesOfUser, like the permissions STS decides with.
 */
export class PrincipalReader {
  constructor(private readonly prisma: PrismaClient) {}

  /** The user an ARN names (name compared case-insensitively, path exactly, as for roles), or undefined. */
  async findUser(userArn: string): Promise<FoundUser | undefined> {
    const parts = parseIamArn(userArn, 'user')
    if (!parts) return undefined
    const row = await this.prisma.iamUser.findUnique({
      where: { accountId_nameKey: { accountId: parts.accountId, nameKey: parts.name.toLowerCase() } },
      select: { id: true, accountId: true, name: true, path: true },
    })
    return row && row.path === parts.path ? row : undefined
  }
}
