import { createHash } from 'node:crypto'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import type { CredentialScope } from './credential-scope.ts'
import { headerValue, type Headers } from './read-signature.ts'
import type { SignatureInput } from './signature-input.ts'

export interface ReceivedRequest {
  readonly method: string
  /** The path as sent, still percent-encoded (SigV4 encodes it once more for non-S3 services). */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly body: Buffer
}

/**
 * Recomputes the signature the client should have sent, by letting @smithy/signature-v4 (the
 * signer of JS v3) sign a request rebuilt from exactly what was received: method, path, query,
 * the headers named in SignedHeaders and no others, and the body. Canonicalisation is then
 * the SDK's own, not a second implementation that could drift from it.
 */
export async function expectedSignature(
  request: ReceivedRequest, input: SignatureInput, scope: CredentialScope, secretAccessKey: string, signingDate: Date,
): Promise<string> {
  const signed = new Set(input.signedHeaders.split(';'))
  const headers: Record<string, string> = {}
  for (const name of signed) {
    const value = headerValue(request.headers, name)
    if (value !== undefined) headers[name] = value
  }
  // A signed x-amz-content-sha256 is what the signer hashes instead of the body; put the real
  // body hash there so a client cannot sign one body and send another.
  if ('x-amz-content-sha256' in headers) headers['x-amz-content-sha256'] = createHash('sha256').update(request.body).digest('hex')
  const query: Record<string, string | string[]> = {}
  for (const [name, value] of request.query) {
    if (name === 'X-Amz-Signature') continue
    const previous = query[name]
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]
  }
  const rebuilt = new HttpRequest({ method: request.method, path: request.path, query, headers, body: request.body })
  const signer = signerFor(scope, secretAccessKey)
  const options = { signingDate, signingRegion: scope.region, signingService: scope.service, signableHeaders: signed }
  // Presigned: signed headers stay headers (the signer would hoist x-amz-* ones into the query).
  const presignOptions = { ...options, unhoistableHeaders: signed, expiresIn: input.expiresIn }
  if (input.form === 'query') {
    const presigned = await signer.presign(rebuilt, presignOptions)
    return String(presigned.query?.['X-Amz-Signature'])
  }
  const result = await signer.sign(rebuilt, options)
  const authorization = String(result.headers.authorization)
  return authorization.slice(authorization.lastIndexOf('Signature=') + 'Signature='.length)
}

// Signers by key and scope: each keeps its derived signing key for the day, so a busy client's
// requests do not re-derive it (four HMACs) every time. Bounded; cleared when full.
const SIGNER_LIMIT = 1_000
const signers = new Map<string, { readonly secretAccessKey: string; readonly signer: SignatureV4 }>()

function signerFor(scope: CredentialScope, secretAccessKey: string): SignatureV4 {
  const key = `${scope.accessKeyId}/${scope.region}/${scope.service}`
  const cached = signers.get(key)
  if (cached && cached.secretAccessKey === secretAccessKey) return cached.signer
  // No session token in the credentials: the signer would add it as a header or query
  // parameter; the received one is already in `headers`/`query` when the client signed it.
  const signer = new SignatureV4({
    credentials: { accessKeyId: scope.accessKeyId, secretAccessKey },
    region: scope.region,
    service: scope.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    applyChecksum: false,
  })
  if (signers.size >= SIGNER_LIMIT) signers.clear()
  signers.set(key, { secretAccessKey, signer })
  return signer
}
