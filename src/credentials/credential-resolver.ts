import type { Caller } from '../sts/caller.ts'

/** The secret an access key id signs with, and who it belongs to. Never log `secretAccessKey`. */
export interface ResolvedCredential {
  readonly secretAccessKey: string
  readonly caller: Caller
}

/**
 * Looks up the credential a request claims. Throws ServiceError InvalidClientTokenId for an
 * unknown or inactive key or a bad session token, ExpiredToken for an expired session token.
 */
export interface CredentialResolver {
  resolve(accessKeyId: string, sessionToken: string | undefined): Promise<ResolvedCredential>
}
