import { createHash } from 'node:crypto'
import type { PrismaClient } from '../generated/prisma/client.ts'

/** What kind of single-use artefact a value is; values of different kinds never collide. */
export type OneTimeUseKind = 'saml-assertion' | 'jwt-id' | 'signin-token' | 'device-code'

const digestOf = (value: string) => createHash('sha256').update(value).digest('hex')

/**
 * Single-use artefacts, shared by every instance through one unique row per (kind, value).
 * Only a digest of the value is stored.
 */
export class OneTimeUseStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * True the first time a value is presented before `expiresAt`; false on every later try while
   * the first use is unexpired. One statement, so concurrent consumers cannot both win.
   */
  async consume(kind: OneTimeUseKind, value: string, expiresAt: Date): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<unknown[]>`
      INSERT INTO one_time_uses (kind, digest, expires_at, consumed_at)
      VALUES (${kind}, ${digestOf(value)}, ${expiresAt}, now())
      ON CONFLICT (kind, digest) DO UPDATE
        SET expires_at = EXCLUDED.expires_at, consumed_at = now()
        WHERE one_time_uses.expires_at <= now()
      RETURNING 1`
    return rows.length === 1
  }

  /** Drops records whose artefacts have expired; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    return (await this.prisma.oneTimeUse.deleteMany({ where: { expiresAt: { lte: now } } })).count
  }
}
