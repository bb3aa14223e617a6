import { generateAccessKeyId, generateSecretAccessKey } from '../credentials/access-key-id.ts'
import type { SealingKey } from '../credentials/sealed-envelope.ts'
import type { SessionClaims } from '../credentials/session-claims.ts'
import { sealSessionToken } from '../credentials/session-token.ts'

/** The Credentials element of AssumeRole*, GetSessionToken and GetFederationToken. */
export interface IssuedCredentials {
  readonly AccessKeyId: string
  readonly SecretAccessKey: string
  readonly SessionToken: string
  readonly Expiration: Date
}

export type SessionDescription = Omit<SessionClaims, 'accessKeyId' | 'secretAccessKey' | 'issuedAt' | 'expiresAt'>

/**
 * New temporary credentials: an `ASIA…` id encoding the account, a fresh secret, and the
 * session token sealing both with the session's description. Nothing is stored.
 */
export function issueCredentials(session: SessionDescription, now: Date, durationSeconds: number, key: SealingKey): IssuedCredentials {
  // AWS's expirations are whole seconds; so are the token's, so both agree.
  const issuedAt = Math.floor(now.getTime() / 1000) * 1000
  const claims: SessionClaims = {
    ...session,
    accessKeyId: generateAccessKeyId('ASIA', session.accountId),
    secretAccessKey: generateSecretAccessKey(),
    issuedAt: now.getTime(),
    expiresAt: issuedAt + durationSeconds * 1000,
  }
  return {
    AccessKeyId: claims.accessKeyId,
    SecretAccessKey: claims.secretAccessKey,
    SessionToken: sealSessionToken(claims, key),
    Expiration: new Date(claims.expiresAt),
  }
}

/** What the audit record keeps of issued credentials: the access key id and expiry, never the secret or token. */
export const auditedCredentials = (credentials: IssuedCredentials) =>
  ({ accessKeyId: credentials.AccessKeyId, expiration: credentials.Expiration.toISOString() })
