import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'

/** Virtual MFA devices as the IAM API manages them: create, enable for a user, list, deactivate, delete, resync. */
export class VirtualMfaStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}
}
