import { generateAccessKeyId, generateSecretAccessKey } from '../credentials/access-key-id.ts'
import type { SealingKey } from '../credentials/sealed-envelope.ts'
import type { SessionClaims } from '../credentials/session-claims.ts'
import { MAX_SESSION_TOKEN_LENGTH, sealSessionToken } from '../credentials/session-token.ts'
import { ServiceError } from '../errors.ts'

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
  const sessionToken = sealSessionToken(claims, key)
  // Verification refuses longer tokens unread; never hand out credentials that could not be used.
  if (sessionToken.length > MAX_SESSION_TOKEN_LENGTH) {
    throw new ServiceError('PackedPolicyTooLarge', 'The session policies, tags and identity provider claims together are too large for a session.')
  }
  return {
    AccessKeyId: claims.accessKeyId,
    SecretAccessKey: claims.secretAccessKey,
    SessionToken: sessionToken,
    Expiration: new Date(claims.expiresAt),
  }
}

/** What the audit record keeps of issued credentials: the access key id and expiry, never the secret or token. */
export const auditedCredentials = (credentials: IssuedCredentials) =>
  ({ accessKeyId: credentials.AccessKeyId, expiration: credentials.Expiration.toISOString() })
