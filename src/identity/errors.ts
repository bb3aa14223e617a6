import { errors as jose } from 'jose'
import { ServiceError } from '../errors.ts'

/**
 * The identity provider's documents (discovery, key set) could not be had: unreachable, slow,
 * refused, redirected away, not JSON, or not what OIDC Discovery says they must be. Internal:
 * translated to IDPCommunicationError; its message is for the log, never the wire.
 */
export class IdpUnavailable extends Error {
  override readonly name = 'IdpUnavailable'
}

/** AWS's text for a key set it could not fetch (seen on real STS; the double space is AWS's). */
export const idpCommunicationError = () => new ServiceError('IDPCommunicationError',
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements")

export const invalidIdentityToken = (message: string) => new ServiceError('InvalidIdentityToken', message)

/**
 * The one seam that knows jose's error shapes (CONVENTIONS 3; codes pinned by
 * test/unit/identity/errors.test.ts): a failed web identity token verification as the wire error
 * AWS returns. An expired token is ExpiredTokenException in AWS's words; every other failure,
 * including errors jose raises as TypeError (an RSA key under 2048 bits), is InvalidIdentityToken.
 */
export function webIdentityTokenError(error: unknown, now: Date): ServiceError {
  if (error instanceof ServiceError) return error
  if (error instanceof IdpUnavailable) return idpCommunicationError()
  if (error instanceof jose.JWTExpired && error.claim === 'exp') {
    return new ServiceError('ExpiredTokenException',
      `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time${String(error.payload.exp)}`)
  }
  if (error instanceof jose.JWTExpired) return invalidIdentityToken('The web identity token is older than this service accepts (iat).')
  if (error instanceof jose.JWTClaimValidationFailed) return invalidIdentityToken(claimProblem(error))
  if (error instanceof jose.JWSSignatureVerificationFailed) return invalidIdentityToken('The web identity token signature could not be verified.')
  if (error instanceof jose.JWKSNoMatchingKey || error instanceof jose.JWKSMultipleMatchingKeys) {
    return invalidIdentityToken('No signing key of the identity provider matches the web identity token.')
  }
  // JOSENotSupported (an unknown crit extension, a key type jose cannot use) falls through to
  // "not well-formed": the header check refused unknown algorithms before jose saw the token.
  if (error instanceof jose.JOSEAlgNotAllowed) return invalidIdentityToken('The web identity token is signed with an algorithm this service does not accept.')
  return invalidIdentityToken('The web identity token is not a well-formed signed JWT.')
}

function claimProblem(error: InstanceType<typeof jose.JWTClaimValidationFailed>): string {
  const claim = /^[a-z]{1,8}$/.test(error.claim) ? error.claim : 'a claim'
  if (error.reason === 'missing') return `The web identity token lacks the required claim ${claim}.`
  if (claim === 'nbf') return 'The web identity token is not valid yet (nbf).'
  if (claim === 'iat') return 'The web identity token was issued in the future (iat).'
  return `The web identity token has an invalid ${claim} claim.`
}

/**
 * The one seam that knows node-saml's errors (its messages, pinned by
 * test/unit/identity/saml-errors.test.ts): a failed SAML response validation as the wire error,
 * in stsgate's words (library text never reaches the caller).
 */
export function samlResponseError(error: unknown): ServiceError {
  const message = error instanceof Error ? error.message : ''
  if (message.startsWith('SAML assertion expired')) return new ServiceError('ExpiredTokenException', 'The SAML assertion has expired.')
  if (message.startsWith('SAML assertion not yet valid')) return invalidIdentityToken('The SAML assertion is not valid yet.')
  if (/signature|signed/i.test(message)) return invalidIdentityToken('The SAML response is not signed by the identity provider named by PrincipalArn.')
  // Decryption fails in xml-encryption's words or in OpenSSL's (a key for another recipient: `oaep decoding error`).
  const code = String((error as { code?: unknown } | undefined)?.code ?? '')
  if (/decrypt|encrypt/i.test(message) || /^ERR_(OSSL|CRYPTO)_/.test(code)) return invalidIdentityToken("The SAML assertion could not be decrypted with this service's key.")
  return invalidIdentityToken('The SAML response could not be validated.')
}
