import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'

/** IAM users: the users themselves, their access keys and tags (the IAM API's writes and reads). */
export class UserStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}
}
