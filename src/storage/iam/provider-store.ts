import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'

/** SAML and OpenID Connect identity providers and their tags. */
export class ProviderStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}
}
