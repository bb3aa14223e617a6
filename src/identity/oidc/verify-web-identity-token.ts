import { decodeProtectedHeader, errors as jose, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose'
import { ServiceError } from '../../errors.ts'
import { invalidIdentityToken, webIdentityTokenError } from '../errors.ts'

/** Asymmetric JWS algorithms only: an HMAC "signature" would be keyed with something public. */
const WEB_IDENTITY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']
/** Clock skew tolerated on exp, nbf and iat. */
const CLOCK_TOLERANCE_SECONDS = 60
/** A token valid for longer than a day (exp − iat) is refused: no IdP that stsgate serves needs more. */
const MAX_TOKEN_LIFETIME_SECONDS = 86_400
const MAX_SUBJECT_LENGTH = 255
// aud and amr lists the session keeps as `<id>:oaud` / `<id>:amr`: real IdPs send a few entries.
const MAX_LISTED_VALUES = 10

/** The registered OIDC provider a token claims to come from. */
export interface WebIdentityProvider {
  /** The issuer URL exactly as registered; the token's iss must equal it. */
  readonly url: string
  readonly clientIds: readonly string[]
}

/** What a verified token says, and nothing else (CONVENTIONS 5: only verified data reaches decisions). */
export interface VerifiedWebIdentity {
  readonly issuer: string
  readonly subject: string
  /** The client id the token was issued to: its azp when it has one, otherwise its single aud. */
  readonly audience: string
  /** With an azp: the token's aud (AWS's `oaud`, "other audience"). */
  readonly otherAudience?: string | readonly string[]
  /** The token's amr, when a list of strings. */
  readonly amr?: readonly string[]
  readonly claims: JWTPayload
}

/**
 * Verifies a web identity token against one registered provider: signature by a key of the
 * provider's JWKS with an asymmetric algorithm the key fits, iss exactly the registered URL, the
 * claims iss, sub, aud, exp and iat present, exp and nbf within a minute of skew, iat neither in
 * the future nor older than `maxTokenAgeSeconds`, a lifetime of at most a day, and an audience
 * among the provider's client ids. jku, x5u, jwk and x5c headers are never followed; unknown crit
 * headers, unencoded payloads and nested tokens are refused.
 * Throws InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim (a sub stsgate cannot
 * use) or IDPCommunicationError (the key set could not be fetched).
 */
export async function verifyWebIdentityToken(
  token: string, provider: WebIdentityProvider, keys: JWTVerifyGetKey, now: Date, maxTokenAgeSeconds: number,
): Promise<VerifiedWebIdentity> {
  checkHeader(token)
  let claims: JWTPayload
  try {
    claims = await verifyWithAnyMatchingKey(token, keys, verifyOptions(provider.url, now, maxTokenAgeSeconds))
  } catch (error) {
    throw webIdentityTokenError(error, now)
  }
  if (claims.exp! - claims.iat! > MAX_TOKEN_LIFETIME_SECONDS) {
    throw invalidIdentityToken('The web identity token is valid for too long (exp - iat exceeds 24 hours).')
  }
  return { issuer: provider.url, subject: subjectOf(claims), ...audienceOf(claims, provider.clientIds), claims }
}

/** What jose checks: the issuer exactly, the algorithms, the required claims, the time window. */
export function verifyOptions(issuer: string, now: Date, maxTokenAgeSeconds: number): JWTVerifyOptions {
  return {
    issuer,
    algorithms: WEB_IDENTITY_ALGORITHMS,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    maxTokenAge: maxTokenAgeSeconds,
    currentDate: now,
  }
}

/** Refused before any key is fetched: a header that cannot be a signed JWT stsgate accepts. */
function checkHeader(token: string): void {
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(token)
  } catch {
    throw invalidIdentityToken('The web identity token is not a well-formed signed JWT.')
  }
  if (typeof header.alg !== 'string' || !WEB_IDENTITY_ALGORITHMS.includes(header.alg)) {
    throw invalidIdentityToken('The web identity token is signed with an algorithm this service does not accept.')
  }
  // RFC 7519 §5.2: cty JWT marks a nested token; its inner claims were never signed by the IdP for us.
  if (header.cty !== undefined) throw invalidIdentityToken('The web identity token is a nested JWT, which this service does not accept.')
}

/** A token without kid may match several keys of the set: each is tried (jose leaves that to us). */
async function verifyWithAnyMatchingKey(token: string, keys: JWTVerifyGetKey, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, keys, options)).payload
  } catch (error) {
    if (!(error instanceof jose.JWKSMultipleMatchingKeys)) throw error
    let failure: unknown = error
    for await (const key of error) {
      try {
        return (await jwtVerify(token, key, options)).payload
      } catch (attempt) {
        // A signature made by another key says nothing; a claim problem is the answer.
        if (!(attempt instanceof jose.JWSSignatureVerificationFailed)) throw attempt
        failure = attempt
      }
    }
    throw failure
  }
}

function subjectOf(claims: JWTPayload): string {
  const { sub } = claims
  if (typeof sub !== 'string' || sub === '') throw invalidIdentityToken('The web identity token has an invalid sub claim.')
  if ([...sub].length > MAX_SUBJECT_LENGTH || /[\u0000-\u001f\u007f-\u009f]/.test(sub)) {
    throw new ServiceError('IDPRejectedClaim', `The sub claim must be at most ${MAX_SUBJECT_LENGTH} characters without control characters.`)
  }
  return sub
}

/**
 * AWS's audience rule (IAM condition keys for OIDC federation: `aud` is the azp when the token has
 * one, and `oaud` its aud then): an azp must be a registered client id; without one, the token
 * must have exactly one aud, a registered client id. A token for several audiences and no azp
 * is refused: nothing says which client it was issued to.
 */
function audienceOf(claims: JWTPayload, clientIds: readonly string[]): Pick<VerifiedWebIdentity, 'audience' | 'otherAudience' | 'amr'> {
  const { aud, azp, amr } = claims
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) && aud.every((value) => typeof value === 'string') ? aud : undefined
  if (audiences === undefined || audiences.length === 0) throw invalidIdentityToken('Incorrect token audience')
  const amrList = Array.isArray(amr) && amr.every((value) => typeof value === 'string') ? { amr: amr as string[] } : {}
  for (const [claim, values] of [['aud', audiences], ['amr', amrList.amr ?? []]] as const) {
    if (values.length > MAX_LISTED_VALUES || values.some((value) => value.length > 255)) {
      throw new ServiceError('IDPRejectedClaim', `The ${claim} claim may list at most ${MAX_LISTED_VALUES} values of at most 255 characters.`)
    }
  }
  if (azp !== undefined) {
    if (typeof azp !== 'string' || !clientIds.includes(azp)) throw invalidIdentityToken('Incorrect token audience')
    return { audience: azp, otherAudience: typeof aud === 'string' ? aud : audiences, ...amrList }
  }
  if (audiences.length !== 1 || !clientIds.includes(audiences[0]!)) throw invalidIdentityToken('Incorrect token audience')
  return { audience: audiences[0]!, ...amrList }
}
