import type { RootCredentials } from '../config/config.ts'
import { ConfigError } from '../config/config-error.ts'
import { generateAccessKeyId, generateSecretAccessKey } from '../credentials/access-key-id.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import type { SecretBox } from './secret-box.ts'
import { accessKeySecretContext } from './secret-contexts.ts'

/**
 * Makes sure the default account exists with working root credentials:
 * - configured credentials are created, or brought up to date (secret, Active) if they exist;
 * - otherwise, when the account has no root key yet, one is generated and returned so the
 *   caller can show it once. Runs under a row lock so instances starting together agree.
 * Throws ConfigError when the configured key id already belongs to someone else.
 */
export async function ensureDefaultAccount(
  prisma: PrismaClient,
  secrets: SecretBox,
  accountId: string,
  configured: RootCredentials | undefined,
): Promise<RootCredentials | undefined> {
  return prisma.$transaction(async (tx) => {
    // Not prisma.upsert (read-then-insert): instances starting together would collide.
    await tx.$executeRaw`INSERT INTO accounts (id) VALUES (${accountId}) ON CONFLICT (id) DO NOTHING`
    await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`

    if (configured) {
      const existing = await tx.accessKey.findUnique({ where: { id: configured.accessKeyId } })
      if (existing && (existing.accountId !== accountId || existing.userId !== null)) {
        throw new ConfigError('STSGATE_ROOT_ACCESS_KEY_ID', 'already belongs to another account or to an IAM user')
      }
      const current = existing && secrets.open(existing.secretCiphertext, accessKeySecretContext(existing.id))
      if (!existing || current !== configured.secretAccessKey || existing.status !== 'Active') {
        const secretCiphertext = secrets.seal(configured.secretAccessKey, accessKeySecretContext(configured.accessKeyId))
        await tx.accessKey.upsert({
          where: { id: configured.accessKeyId },
          create: { id: configured.accessKeyId, accountId, secretCiphertext },
          update: { secretCiphertext, status: 'Active' },
        })
      }
      return undefined
    }

    if ((await tx.accessKey.count({ where: { accountId, userId: null } })) > 0) return undefined
    const generated = { accessKeyId: generateAccessKeyId('AKIA', accountId), secretAccessKey: generateSecretAccessKey() }
    await tx.accessKey.create({
      data: {
        id: generated.accessKeyId,
        accountId,
        secretCiphertext: secrets.seal(generated.secretAccessKey, accessKeySecretContext(generated.accessKeyId)),
      },
    })
    return generated
  })
}
