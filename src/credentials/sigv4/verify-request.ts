import { timingSafeEqual } from 'node:crypto'
import type { Caller } from '../../sts/caller.ts'
import type { CredentialResolver } from '../credential-resolver.ts'
import { assertWithinSkew, parseAmzDate } from './amz-date.ts'
import { parseCredentialScope } from './credential-scope.ts'
import { expectedSignature } from './expected-signature.ts'
import { readSignature, type Headers } from './read-signature.ts'
import { missingAuthenticationToken, requestHasExpired, signatureDoesNotMatch } from './sigv4-errors.ts'

export interface SignedRequest {
  readonly method: string
  /** The request path as sent (percent-encoded), without the query. */
  readonly path: string
  /** The URL query: parsed, or the raw text after `?`. */
  readonly query: URLSearchParams | string
  readonly headers: Headers
  readonly body: Buffer
}

/** Who signed a request, and the region its credential scope names (IAM's last-used region). */
export interface VerifiedRequest {
  readonly caller: Caller
  readonly region: string
}

/**
 * Verifies an AWS Signature Version 4 request (Authorization header or presigned query) and
 * returns who signed it. Checks, in AWS's order: a signature is present
 * (MissingAuthenticationToken), well formed (IncompleteSignature), dated within 15 minutes of
 * `now` and scoped to `service` (SignatureDoesNotMatch), the key is known (whatever the
 * resolver throws: InvalidClientTokenId, ExpiredToken), and the signature matches
 * (SignatureDoesNotMatch, compared in constant time). A presigned URL is also refused after
 * its own X-Amz-Expires (AccessDenied), though real STS only applies the 15-minute window.
 */
export async function verifySigV4(
  request: SignedRequest, resolver: CredentialResolver, now: Date, options: { service: 'sts' | 'iam' },
): Promise<VerifiedRequest> {
  const query = typeof request.query === 'string' ? new URLSearchParams(request.query) : request.query
  const input = readSignature(request.headers, query)
  if (!input) throw missingAuthenticationToken()
  const signingDate = parseAmzDate(input.amzDate)
  assertWithinSkew(signingDate, now)
  // Stricter than STS (which ignores X-Amz-Expires, aws/aws-sdk-go#2167): a caller who asked
  // for a 60-second URL gets one.
  if (input.expiresIn !== undefined && now.getTime() > signingDate.getTime() + input.expiresIn * 1000) {
    throw requestHasExpired()
  }
  const scope = parseCredentialScope(input.credential, input.amzDate, options.service)
  const credential = await resolver.resolve(scope.accessKeyId, input.sessionToken)
  const expected = await expectedSignature({ ...request, query }, input, scope, credential.secretAccessKey, signingDate)
  if (!sameSignature(expected, input.signature)) throw signatureDoesNotMatch()
  return { caller: credential.caller, region: scope.region }
}

/** Constant-time comparison of two hex signatures (lengths are public: always 64). */
export function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(provided, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
