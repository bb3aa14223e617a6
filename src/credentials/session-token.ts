import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { envelopeKeyId, openEnvelope, sealEnvelope, type SealingKey } from './sealed-envelope.ts'
import type { SessionClaims } from './session-claims.ts'

/** Far above any token we issue (session policy 2 KiB + 50 tags, compressed): refused before any work. */
export const MAX_SESSION_TOKEN_LENGTH = 16_384
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * A session token: the claims (compressed when large), sealed (sealed-envelope.ts) with the access key id
 * as authenticated data, in base64 as AWS's tokens are. Self-contained: verifying it needs the
 * sealing key only.
 */
export function sealSessionToken(claims: SessionClaims, key: SealingKey): string {
  const json = Buffer.from(JSON.stringify(claims), 'utf8')
  // Most sessions' claims are a few hundred bytes, where deflate costs more time (25 µs) than it
  // saves bytes; sessions with policies and tags are compressed, marked by a leading byte JSON
  // never starts with.
  const plain = json.length < COMPRESS_FROM_BYTES ? json : Buffer.concat([DEFLATED, deflateRawSync(json)])
  return sealEnvelope(plain, claims.accessKeyId, key).toString('base64')
}

const COMPRESS_FROM_BYTES = 1_024
const DEFLATED = Buffer.from([1])

/**
 * The sealed bytes of a token, or undefined when it is not one of ours. Only the canonical base64
 * spelling is accepted: no second string (edited padding bits, dropped `=`) for one token.
 */
export function sessionTokenEnvelope(token: string): Buffer | undefined {
  if (token.length > MAX_SESSION_TOKEN_LENGTH || !BASE64.test(token)) return undefined
  const bytes = Buffer.from(token, 'base64')
  return bytes.toString('base64') === token && envelopeKeyId(bytes) !== undefined ? bytes : undefined
}

/** The sealing key id a token names, or undefined when the token is not one of ours. */
export function sessionTokenKeyId(token: string): string | undefined {
  const envelope = sessionTokenEnvelope(token)
  return envelope && envelopeKeyId(envelope)
}

/**
 * The claims of a token sealed by `key` for `accessKeyId`; undefined when it does not open
 * (tampered, foreign, or presented with another access key id). Expiry is the caller's check.
 */
export function openSessionToken(token: string, accessKeyId: string, key: SealingKey): SessionClaims | undefined {
  const envelope = sessionTokenEnvelope(token)
  return envelope && openSessionEnvelope(envelope, accessKeyId, key)
}

/** openSessionToken for a token already decoded by sessionTokenEnvelope (verification decodes once). */
export function openSessionEnvelope(envelope: Buffer, accessKeyId: string, key: SealingKey): SessionClaims | undefined {
  const plain = openEnvelope(envelope, accessKeyId, key)
  if (!plain) return undefined
  const json = plain[0] === DEFLATED[0] ? inflateRawSync(plain.subarray(1), { maxOutputLength: 1 << 20 }) : plain
  const claims = JSON.parse(json.toString('utf8')) as SessionClaims
  return claims.accessKeyId === accessKeyId ? claims : undefined
}
