import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'

/** Roles: trust policy, settings, tags, inline and attached policies, permissions boundary, last use. */
export class RoleStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}
}
