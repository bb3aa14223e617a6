import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { CredentialResolver } from '../../src/credentials/credential-resolver.ts'
import type { SignedRequest } from '../../src/credentials/sigv4/verify-request.ts'
import { ServiceError } from '../../src/errors.ts'
import { principals } from '../../src/policy/request-principal.ts'
import type { Caller } from '../../src/sts/caller.ts'

export const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
export const SESSION = { accessKeyId: 'ASIAY34FZKBOKMUTVV7A', secretAccessKey: 'session/secret/value/0123456789abcdefghij', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/=token' }

const callerOf = (accessKeyId: string, temporary: boolean): Caller => ({
  accessKeyId, accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', userId: '123456789012',
  principal: principals.root('123456789012'), temporary,
})

/** A resolver over a fixed key table; unknown keys and wrong session tokens are InvalidClientTokenId. */
export const tableResolver: CredentialResolver = {
  async resolve(accessKeyId, sessionToken) {
    if (accessKeyId === KEY.accessKeyId && sessionToken === undefined) return { secretAccessKey: KEY.secretAccessKey, caller: callerOf(accessKeyId, false) }
    if (accessKeyId === SESSION.accessKeyId && sessionToken === SESSION.sessionToken) {
      return { secretAccessKey: SESSION.secretAccessKey, caller: callerOf(accessKeyId, true) }
    }
    throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.')
  },
}

export const signer = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = KEY, service = 'sts', region = 'us-east-1') =>
  new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256') })

export const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

/** An HttpRequest as botocore sends one: POST /, form body, Content-Type signed. */
export const formRequest = (body: string, host = 'sts.example.test') => new HttpRequest({
  method: 'POST', protocol: 'https:', hostname: host, path: '/',
  headers: { host, 'content-type': FORM }, body,
})

/** A signed/presigned smithy HttpRequest in the shape verifySigV4 takes. */
export interface AnyHttpRequest {
  readonly method: string
  readonly path: string
  readonly query?: Record<string, string | Array<string | null> | null>
  readonly headers: Record<string, string>
  readonly body?: unknown
}

export function received(request: AnyHttpRequest): SignedRequest {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== null && item !== undefined) query.append(name, item)
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body as string | Uint8Array)
  return { method: request.method, path: request.path, query, headers, body }
}

/** The request @aws-sdk/client-sts would send for GetCallerIdentity, captured before it leaves. */
export async function sdkSignedRequest(credentials: typeof KEY | typeof SESSION, region = 'eu-west-1'): Promise<HttpRequest> {
  let captured: HttpRequest | undefined
  const client = new STSClient({
    region, endpoint: 'https://sts.example.test', credentials, maxAttempts: 1,
    requestHandler: { handle: async (request: HttpRequest) => { captured = request; throw new Error('captured') } },
  })
  await client.send(new GetCallerIdentityCommand({})).catch(() => undefined)
  if (!captured) throw new Error('the SDK sent nothing')
  return captured
}
