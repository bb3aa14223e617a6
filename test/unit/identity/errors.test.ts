import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto'
import { createLocalJWKSet, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { IdpUnavailable, webIdentityTokenError } from '../../../src/identity/errors.ts'
import { verifyOptions } from '../../../src/identity/oidc/verify-web-identity-token.ts'

// src/identity/errors.ts is the one seam that knows jose's errors (CONVENTIONS 3). Each jose error
// it relies on is produced here for real, by jwtVerify on a crafted token with the options the
// verifier uses, its class, code, claim and reason pinned, then mapped: a jose upgrade that renames
// or reshapes one fails here, not silently on the wire.

const NOW = new Date('2026-06-01T12:00:00Z')
const now = NOW.getTime() / 1000
const ISSUER = 'https://idp.example.com'
const OPTIONS: JWTVerifyOptions = verifyOptions(ISSUER, NOW, 3600)
const MSG = {
  notJwt: 'The web identity token is not a well-formed signed JWT.',
  algorithm: 'The web identity token is signed with an algorithm this service does not accept.',
}

let key: { privateKey: CryptoKey; publicKey: CryptoKey }
let other: { privateKey: CryptoKey; publicKey: CryptoKey }
let publicJwk: JWK

const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISSUER, sub: 'alice', aud: 'app', iat: now - 10, exp: now + 300, ...extra })
const token = (payload: Record<string, unknown>, header: Record<string, unknown> = {}, signer = key.privateKey) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(signer)

/** What jwtVerify throws for `jwt` (fails the test when it verifies). */
async function joseError(jwt: string | Promise<string>, verificationKey: CryptoKey | JWTVerifyGetKey = key.publicKey, options = OPTIONS): Promise<unknown> {
  const compact = await jwt
  const outcome = await (typeof verificationKey === 'function' ? jwtVerify(compact, verificationKey, options) : jwtVerify(compact, verificationKey, options))
    .then(() => undefined, (error: unknown) => error)
  if (outcome === undefined) throw new Error('expected jwtVerify to throw')
  return outcome
}

const mapped = (error: unknown) => {
  const wire = webIdentityTokenError(error, NOW)
  return { code: wire.code, status: wire.status, message: wire.message }
}
const invalid = (message: string) => ({ code: 'InvalidIdentityToken', status: 400, message })

describe('webIdentityTokenError over the errors jose 6 really throws', () => {
  beforeAll(async () => {
    key = await generateKeyPair('RS256')
    other = await generateKeyPair('RS256')
    publicJwk = await exportJWK(key.publicKey)
  })

  it('JWTExpired on exp (claim exp, payload kept) -> ExpiredTokenException 400 in AWS words, no space before the expiry', async () => {
    const error = await joseError(token(claims({ iat: now - 600, exp: now - 61 })))
    expect(error).toBeInstanceOf(errors.JWTExpired)
    expect(error).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'exp', reason: 'check_failed', payload: { exp: now - 61 } })
    expect(errors.JWTExpired.code).toBe('ERR_JWT_EXPIRED')
    expect(mapped(error)).toEqual({ code: 'ExpiredTokenException', status: 400,
      message: `Token expired: current date/time ${now} must be before the expiration date/time${now - 61}` })
  })

  it('JWTExpired on iat (maxTokenAge) -> InvalidIdentityToken, too old', async () => {
    const error = await joseError(token(claims({ iat: now - 7200 })))
    expect(error).toBeInstanceOf(errors.JWTExpired)
    expect(error).toMatchObject({ code: 'ERR_JWT_EXPIRED', claim: 'iat', reason: 'check_failed' })
    expect(mapped(error)).toEqual(invalid('The web identity token is older than this service accepts (iat).'))
  })

  it.each(['iss', 'sub', 'aud', 'exp', 'iat'])('JWTClaimValidationFailed, reason missing, claim %s -> lacks the required claim', async (claim) => {
    const error = await joseError(token(Object.fromEntries(Object.entries(claims()).filter(([name]) => name !== claim))))
    expect(error).toBeInstanceOf(errors.JWTClaimValidationFailed)
    expect(error).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim, reason: 'missing' })
    expect(mapped(error)).toEqual(invalid(`The web identity token lacks the required claim ${claim}.`))
  })

  it('JWTClaimValidationFailed check_failed on nbf, on a future iat and on iss; reason invalid on a non-numeric exp', async () => {
    const cases: Array<[Record<string, unknown>, string, string, string]> = [
      [claims({ nbf: now + 600, exp: now + 900 }), 'nbf', 'check_failed', 'The web identity token is not valid yet (nbf).'],
      [claims({ iat: now + 3600, exp: now + 3900 }), 'iat', 'check_failed', 'The web identity token was issued in the future (iat).'],
      [claims({ iss: `${ISSUER}/` }), 'iss', 'check_failed', 'The web identity token has an invalid iss claim.'],
      [claims({ exp: String(now + 300) }), 'exp', 'invalid', 'The web identity token has an invalid exp claim.'],
    ]
    for (const [payload, claim, reason, message] of cases) {
      const error = await joseError(token(payload))
      expect(error).toBeInstanceOf(errors.JWTClaimValidationFailed)
      expect(error).not.toBeInstanceOf(errors.JWTExpired)
      expect(error).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim, reason })
      expect(mapped(error)).toEqual(invalid(message))
    }
  })

  it('JWSSignatureVerificationFailed (another key signed it) -> signature could not be verified', async () => {
    const error = await joseError(token(claims(), {}, other.privateKey))
    expect(error).toBeInstanceOf(errors.JWSSignatureVerificationFailed)
    expect(error).toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
    expect(mapped(error)).toEqual(invalid('The web identity token signature could not be verified.'))
  })

  it('JWKSNoMatchingKey and JWKSMultipleMatchingKeys (an async iterable of the candidates) -> no signing key matches', async () => {
    const noMatch = await joseError(token(claims(), { kid: 'unknown' }), createLocalJWKSet({ keys: [{ ...publicJwk, kid: 'k1' }] }))
    expect(noMatch).toBeInstanceOf(errors.JWKSNoMatchingKey)
    expect(noMatch).toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' })
    expect(mapped(noMatch)).toEqual(invalid('No signing key of the identity provider matches the web identity token.'))

    const keySet = createLocalJWKSet({ keys: [publicJwk, await exportJWK(other.publicKey)] })
    const several = await joseError(token(claims(), { kid: undefined }), keySet)
    expect(several).toBeInstanceOf(errors.JWKSMultipleMatchingKeys)
    expect(several).toMatchObject({ code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' })
    // verify-web-identity-token.ts tries each candidate: the error must iterate over them.
    const candidates: unknown[] = []
    for await (const candidate of several as errors.JWKSMultipleMatchingKeys) candidates.push(candidate)
    expect(candidates).toHaveLength(2)
    expect(mapped(several)).toEqual(invalid('No signing key of the identity provider matches the web identity token.'))
  })

  // stsgate refuses algorithms outside its list from the header before jose runs, so a
  // JOSENotSupported reaching the seam is never about the algorithm: it reads "not well-formed".
  it('JOSEAlgNotAllowed (alg outside the list) -> the algorithm message; JOSENotSupported (an alg jose lacks) -> not well-formed', async () => {
    const notAllowed = await joseError(token(claims()), key.publicKey, { ...OPTIONS, algorithms: ['ES256'] })
    expect(notAllowed).toBeInstanceOf(errors.JOSEAlgNotAllowed)
    expect(notAllowed).toMatchObject({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' })
    expect(mapped(notAllowed)).toEqual(invalid(MSG.algorithm))

    const [header, payload, signature] = (await token(claims())).split('.')
    expect(header).toBeDefined()
    const unknownAlg = `${Buffer.from(JSON.stringify({ alg: 'RS1', kid: 'k1' })).toString('base64url')}.${payload}.${signature}`
    const notSupported = await joseError(unknownAlg, key.publicKey, { ...OPTIONS, algorithms: undefined })
    expect(notSupported).toBeInstanceOf(errors.JOSENotSupported)
    expect(notSupported).toMatchObject({ code: 'ERR_JOSE_NOT_SUPPORTED' })
    expect(mapped(notSupported)).toEqual(invalid(MSG.notJwt))
  })

  it('an unrecognised crit extension is JOSENotSupported too (pinned: the seam must tell it from an algorithm)', async () => {
    const error = await joseError(new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', crit: ['x'], x: 1 }).sign(key.privateKey, { crit: { x: true } }))
    expect(error).toBeInstanceOf(errors.JOSENotSupported)
    expect(error).toMatchObject({ code: 'ERR_JOSE_NOT_SUPPORTED', message: 'Extension Header Parameter "x" is not recognized' })
  })

  it('an unrecognised crit extension maps to not a well-formed signed JWT', async () => {
    const error = await joseError(new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', crit: ['x'], x: 1 }).sign(key.privateKey, { crit: { x: true } }))
    expect(mapped(error)).toEqual(invalid(MSG.notJwt))
  })

  it('the TypeError for an RSA key under 2048 bits, JWTInvalid for b64: false and JWSInvalid for garbage -> not a well-formed signed JWT', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const input = `${Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`
    const weakToken = `${input}.${cryptoSign('sha256', Buffer.from(input), weak.privateKey).toString('base64url')}`
    const weakError = await joseError(weakToken, await importJWK(weak.publicKey.export({ format: 'jwk' }) as JWK, 'RS256') as CryptoKey)
    expect(weakError).toBeInstanceOf(TypeError)
    expect(weakError).toMatchObject({ message: 'RS256 requires key modulusLength to be 2048 bits or larger' })
    expect(mapped(weakError)).toEqual(invalid(MSG.notJwt))

    // RFC 7797: the signing input takes the payload segment as is; jose will not produce this compact form.
    const unencodedInput = `${Buffer.from(JSON.stringify({ alg: 'RS256', b64: false, crit: ['b64'] })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`
    const unencoded = `${unencodedInput}.${Buffer.from(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key.privateKey, new TextEncoder().encode(unencodedInput))).toString('base64url')}`
    const b64Error = await joseError(unencoded)
    expect(b64Error).toBeInstanceOf(errors.JWTInvalid)
    expect(b64Error).toMatchObject({ code: 'ERR_JWT_INVALID' })
    expect(mapped(b64Error)).toEqual(invalid(MSG.notJwt))

    for (const garbage of ['a.b', 'a.b.c.d.e', `${Buffer.from('{"alg":"RS256"').toString('base64url')}.e30.AA`]) {
      const error = await joseError(garbage)
      expect(error).toBeInstanceOf(errors.JWSInvalid)
      expect(error).toMatchObject({ code: 'ERR_JWS_INVALID' })
      expect(mapped(error)).toEqual(invalid(MSG.notJwt))
    }
  })

  it('IdpUnavailable -> IDPCommunicationError in AWS words; a ServiceError passes through as it is', () => {
    expect(mapped(new IdpUnavailable('connect ECONNREFUSED'))).toEqual({ code: 'IDPCommunicationError', status: 400,
      message: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements" })
    const own = new ServiceError('IDPRejectedClaim', 'sub')
    expect(webIdentityTokenError(own, NOW)).toBe(own)
  })
})
