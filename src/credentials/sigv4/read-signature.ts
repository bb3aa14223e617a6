import { AUTH_PARAMETERS } from '../../protocol/query-params.ts'
import { incompleteSignature } from './sigv4-errors.ts'
import type { SignatureInput } from './signature-input.ts'

export const ALGORITHM = 'AWS4-HMAC-SHA256'

export type Headers = Readonly<Record<string, string | string[] | undefined>>

export const headerValue = (headers: Headers, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/**
 * Finds the signature a request carries: the Authorization header, else the presigned query
 * parameters; undefined when it carries neither. Throws IncompleteSignature with AWS's texts
 * when what is there is malformed or incomplete.
 */
export function readSignature(headers: Headers, query: URLSearchParams): SignatureInput | undefined {
  const authorization = headerValue(headers, 'authorization')
  const input = authorization !== undefined ? fromAuthorizationHeader(authorization, headers)
    : [...AUTH_PARAMETERS].some((name) => query.has(name)) ? fromQuery(query)
    : undefined
  // An unsigned Host would let a signature be replayed against another endpoint.
  if (input && !input.signedHeaders.toLowerCase().split(';').includes('host')) {
    throw incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  }
  return input
}

/** `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=host;x-amz-date, Signature=hex`. */
function fromAuthorizationHeader(authorization: string, headers: Headers): SignatureInput {
  const space = authorization.indexOf(' ')
  const algorithm = space < 0 ? authorization : authorization.slice(0, space)
  if (algorithm !== ALGORITHM && algorithm.startsWith('AWS4-')) {
    // SigV4a (AWS4-ECDSA-P256-SHA256) is only used when a client opts in (sts-wire.md §2).
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'`)
  }
  const fields = new Map<string, string>()
  if (algorithm === ALGORITHM) {
    for (const pair of authorization.slice(space + 1).split(',')) {
      const equals = pair.indexOf('=')
      if (equals > 0) fields.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim())
    }
  }
  const amzDate = headerValue(headers, 'x-amz-date')
  // AWS lists every missing part at once (the text API Gateway and STS return for `Basic …`).
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((name) => !fields.get(name))
    .map((name) => `Authorization header requires '${name}' parameter.`)
  // AWS also accepts a `Date` header; every SDK sends X-Amz-Date, so only it is supported.
  if (amzDate === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
  if (missing.length > 0) throw incompleteSignature(missing.join(' '))
  return {
    form: 'header',
    credential: fields.get('Credential')!,
    signedHeaders: fields.get('SignedHeaders')!,
    signature: fields.get('Signature')!,
    amzDate: amzDate!,
    sessionToken: headerValue(headers, 'x-amz-security-token'),
    expiresIn: undefined,
  }
}

const REQUIRED_QUERY = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires']

/** Presigned: `?X-Amz-Algorithm=…&X-Amz-Credential=…&X-Amz-Date=…&X-Amz-Expires=…&X-Amz-SignedHeaders=…&X-Amz-Signature=…`. */
function fromQuery(query: URLSearchParams): SignatureInput {
  const missing = REQUIRED_QUERY.find((name) => !query.get(name))
  if (missing) throw incompleteSignature(`AWS query-string parameters must include '${missing}'. Re-examine the query-string parameters.`)
  const algorithm = query.get('X-Amz-Algorithm')!
  if (algorithm !== ALGORITHM) throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'`)
  const expires = query.get('X-Amz-Expires')!
  // SigV4 presigned URLs live at most seven days (AWS SigV4 query-string authentication).
  if (!/^\d{1,6}$/.test(expires) || Number(expires) < 1 || Number(expires) > 604_800) {
    throw incompleteSignature(`X-Amz-Expires must be a whole number of seconds from 1 to 604800. Got '${expires}'.`)
  }
  return {
    form: 'query',
    credential: query.get('X-Amz-Credential')!,
    signedHeaders: query.get('X-Amz-SignedHeaders')!,
    signature: query.get('X-Amz-Signature')!,
    amzDate: query.get('X-Amz-Date')!,
    sessionToken: query.get('X-Amz-Security-Token') ?? undefined,
    expiresIn: Number(expires),
  }
}
