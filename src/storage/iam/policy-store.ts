import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'

/** Customer managed policies and their versions; users' inline policies, attachments and permissions boundaries. */
export class PolicyStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}
}
