import type { PrismaClient } from '../generated/prisma/client.ts'
import { accessKeySecretContext } from './secret-contexts.ts'
import type { SecretBox } from './secret-box.ts'

/** A long-term access key with its opened secret and owner. Never log `secretAccessKey`. */
export interface StoredAccessKey {
  readonly accessKeyId: string
  readonly accountId: string
  readonly secretAccessKey: string
  readonly active: boolean
  /** Undefined for the account root's keys. */
  readonly user: { readonly id: string; readonly name: string; readonly path: string } | undefined
}

/** Long-term access keys, read for request verification. */
export class AccessKeyStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
  ) {}

  /** The owning account, without opening the secret. */
  async accountOf(accessKeyId: string): Promise<string | undefined> {
    return (await this.prisma.accessKey.findUnique({ where: { id: accessKeyId }, select: { accountId: true } }))?.accountId
  }

  async find(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const row = await this.prisma.accessKey.findUnique({
      where: { id: accessKeyId },
      include: { user: { select: { id: true, name: true, path: true } } },
    })
    if (!row) return undefined
    return {
      accessKeyId: row.id,
      accountId: row.accountId,
      secretAccessKey: this.secrets.open(row.secretCiphertext, accessKeySecretContext(row.id)),
      active: row.status === 'Active',
      user: row.user ?? undefined,
    }
  }
}
