import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { formatAmzDate } from '../../../src/credentials/sigv4/amz-date.ts'
import { verifySigV4, type SignedRequest } from '../../../src/credentials/sigv4/verify-request.ts'
import { formRequest, KEY, received, sdkSignedRequest, SESSION, signer, tableResolver } from '../../support/sigv4-fixtures.ts'

const T0 = new Date('2026-01-01T00:00:00Z')
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15'
const MISMATCH = 'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

const verify = (request: SignedRequest, now = T0, service: 'sts' | 'iam' = 'sts') => verifySigV4(request, tableResolver, now, { service }).then((verified) => verified.caller)
const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(() => { throw new Error('expected a refusal') }, (caught: unknown) => caught)
  const { code, status, message } = error as { code: string; status: number; message: string }
  return { code, status, message }
}
const signedAt = async (date = T0, credentials: typeof KEY | typeof SESSION = KEY, body = BODY) =>
  received(await signer(credentials).sign(formRequest(body), { signingDate: date }))
const withHeaders = (request: SignedRequest, headers: Record<string, string | undefined>): SignedRequest =>
  ({ ...request, headers: { ...request.headers, ...headers } })

describe('SigV4 Authorization header, signed by @smithy/signature-v4', () => {
  it('verifies and returns the caller the resolver names', async () => {
    expect((await verify(await signedAt())).accessKeyId).toBe(KEY.accessKeyId)
  })

  it('verifies session credentials (x-amz-security-token signed)', async () => {
    expect((await verify(await signedAt(T0, SESSION))).temporary).toBe(true)
  })

  it('accepts any region in the scope', async () => {
    const request = received(await signer(KEY, 'sts', 'ap-southeast-2').sign(formRequest(BODY), { signingDate: T0 }))
    expect((await verify(request)).accessKeyId).toBe(KEY.accessKeyId)
  })

  it('refuses a changed body, header or path with SignatureDoesNotMatch', async () => {
    const request = await signedAt()
    expect(await refusal(verify({ ...request, body: Buffer.from(`${BODY}&Extra=1`) }))).toEqual({ code: 'SignatureDoesNotMatch', status: 403, message: MISMATCH })
    expect((await refusal(verify(withHeaders(request, { host: 'elsewhere.test' })))).code).toBe('SignatureDoesNotMatch')
    expect((await refusal(verify({ ...request, path: '/other' })))).toMatchObject({ code: 'SignatureDoesNotMatch' })
  })

  it('refuses a signature made with another secret', async () => {
    const request = received(await signer({ ...KEY, secretAccessKey: 'wrong' }).sign(formRequest(BODY), { signingDate: T0 }))
    expect(await refusal(verify(request))).toEqual({ code: 'SignatureDoesNotMatch', status: 403, message: MISMATCH })
  })

  it('binds the body even when the client signs x-amz-content-sha256 with another hash', async () => {
    const forged = formRequest(BODY)
    forged.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'
    const request = received(await signer().sign(forged, { signingDate: T0 }))
    expect((await refusal(verify(request))).code).toBe('SignatureDoesNotMatch')
    const honest = formRequest(BODY)
    honest.headers['x-amz-content-sha256'] = createHash('sha256').update(BODY).digest('hex')
    expect((await verify(received(await signer().sign(honest, { signingDate: T0 })))).accessKeyId).toBe(KEY.accessKeyId)
  })

  it('passes the resolver\'s refusal through: unknown key, wrong session token', async () => {
    const unknown = received(await signer({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }).sign(formRequest(BODY), { signingDate: T0 }))
    expect(await refusal(verify(unknown))).toEqual({ code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' })
    const badToken = received(await signer({ ...SESSION, sessionToken: 'other' }).sign(formRequest(BODY), { signingDate: T0 }))
    expect((await refusal(verify(badToken))).code).toBe('InvalidClientTokenId')
  })
})

describe('SigV4 requests signed by @aws-sdk/client-sts', () => {
  it('verifies GetCallerIdentity as the SDK signs it (host, x-amz-date, content-type, amz-sdk-*, content sha)', async () => {
    const sent = await sdkSignedRequest(KEY)
    const request = received(sent)
    const now = new Date(Date.parse(String(request.headers['x-amz-date']).replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) + 5_000)
    expect(String(request.headers.authorization)).toMatch(/Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request/)
    expect((await verify(request, now)).accessKeyId).toBe(KEY.accessKeyId)
    expect((await refusal(verify({ ...request, body: Buffer.from(`${String(sent.body)}&X=1`) }, now))).code).toBe('SignatureDoesNotMatch')
  })

  it('verifies session credentials as the SDK signs them', async () => {
    const request = received(await sdkSignedRequest(SESSION))
    expect(request.headers['x-amz-security-token']).toBe(SESSION.sessionToken)
    expect((await verify(request, new Date())).temporary).toBe(true)
  })
})

describe('SigV4 presigned query', () => {
  it('verifies a GET presigned with smithy (the aws-iam-authenticator shape)', async () => {
    const request = received(await signer().presign(getRequest(), { signingDate: T0, expiresIn: 60 }))
    expect((await verify(request)).accessKeyId).toBe(KEY.accessKeyId)
    const session = received(await signer(SESSION).presign(getRequest(), { signingDate: T0, expiresIn: 60 }))
    expect((await verify(session)).temporary).toBe(true)
  })

  it('refuses a changed query parameter', async () => {
    const request = received(await signer().presign(getRequest(), { signingDate: T0, expiresIn: 60 }))
    const query = new URLSearchParams(request.query)
    query.set('Action', 'GetAccessKeyInfo')
    expect(await refusal(verify({ ...request, query }))).toEqual({ code: 'SignatureDoesNotMatch', status: 403, message: MISMATCH })
  })

  it('refuses the URL once its own X-Amz-Expires has passed', async () => {
    const request = received(await signer().presign(getRequest(), { signingDate: T0, expiresIn: 60 }))
    expect(await refusal(verify(request, new Date(T0.getTime() + 61_000)))).toEqual({ code: 'AccessDenied', status: 403, message: 'Request has expired' })
  })

  it('names the first missing query parameter', async () => {
    const request = received(await signer().presign(getRequest(), { signingDate: T0, expiresIn: 60 }))
    const query = new URLSearchParams(request.query)
    query.delete('X-Amz-Credential')
    expect(await refusal(verify({ ...request, query }))).toEqual({ code: 'IncompleteSignature', status: 400,
      message: "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters." })
  })

})

const getRequest = () => {
  const request = formRequest('')
  return Object.assign(request, { method: 'GET', body: undefined, headers: { host: 'sts.example.test' },
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } })
}

describe('SigV4 refusals', () => {
  it('MissingAuthenticationToken when the request carries no signature', async () => {
    const request = received(formRequest(BODY))
    expect(await refusal(verify(request))).toEqual({ code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' })
  })

  it('IncompleteSignature listing every missing part of the Authorization header', async () => {
    const request = withHeaders(received(formRequest(BODY)), { authorization: 'Basic dXNlcjpwYXNz' })
    expect(await refusal(verify(request))).toEqual({ code: 'IncompleteSignature', status: 400, message:
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. " +
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." })
    const signed = await signedAt()
    const partial = withHeaders(signed, { authorization: String(signed.headers.authorization).replace(/, Signature=\w+/, '') })
    expect(await refusal(verify(partial))).toEqual({ code: 'IncompleteSignature', status: 400, message: "Authorization header requires 'Signature' parameter." })
  })

  it('IncompleteSignature when Host is not a signed header (the signature could be replayed elsewhere)', async () => {
    const signed = await signedAt()
    const hostless = withHeaders(signed, { authorization: String(signed.headers.authorization)
      .replace(/SignedHeaders=([^,]*)/, (_match, list: string) => `SignedHeaders=${list.split(';').filter((name) => name !== 'host').join(';')}`) })
    expect(String(hostless.headers.authorization)).not.toMatch(/SignedHeaders=[^,]*host/)
    expect(await refusal(verify(hostless))).toEqual({ code: 'IncompleteSignature', status: 400,
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." })
  })

  it('IncompleteSignature for SigV4a, a bad X-Amz-Date and a credential without five parts', async () => {
    const signed = await signedAt()
    const v4a = withHeaders(signed, { authorization: String(signed.headers.authorization).replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256') })
    expect(await refusal(verify(v4a))).toEqual({ code: 'IncompleteSignature', status: 400, message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'" })
    expect(await refusal(verify(withHeaders(signed, { 'x-amz-date': '2026-01-01T00:00:00Z' })))).toEqual({ code: 'IncompleteSignature', status: 400,
      message: "Date must be in ISO-8601 'basic format'. Got '2026-01-01T00:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601" })
    const short = withHeaders(signed, { authorization: String(signed.headers.authorization).replace(/Credential=[^,]+/, 'Credential=AKID/20260101/sts') })
    expect(await refusal(verify(short))).toEqual({ code: 'IncompleteSignature', status: 400,
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260101/sts'" })
  })

  it('SignatureDoesNotMatch for a scope naming another service or another day', async () => {
    const iam = received(await signer(KEY, 'iam').sign(formRequest(BODY), { signingDate: T0 }))
    expect(await refusal(verify(iam))).toEqual({ code: 'SignatureDoesNotMatch', status: 403, message: "Credential should be scoped to correct service: 'sts'." })
    expect((await verify(iam, T0, 'iam')).accessKeyId).toBe(KEY.accessKeyId)
    const signed = await signedAt()
    const otherDay = withHeaders(signed, { authorization: String(signed.headers.authorization).replace('/20260101/', '/20251231/') })
    expect(await refusal(verify(otherDay))).toEqual({ code: 'SignatureDoesNotMatch', status: 403, message:
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251231' != '20260101', from '20260101T000000Z'." })
  })

  it('SignatureDoesNotMatch "Signature expired" when X-Amz-Date is over 15 minutes old (injected clock)', async () => {
    const request = await signedAt()
    expect((await verify(request, new Date('2026-01-01T00:15:00Z'))).accessKeyId).toBe(KEY.accessKeyId)
    expect(await refusal(verify(request, new Date('2026-01-01T00:30:00Z')))).toEqual({ code: 'SignatureDoesNotMatch', status: 403,
      message: 'Signature expired: 20260101T000000Z is now earlier than 20260101T001500Z (20260101T003000Z - 15 min.)' })
  })

  it('SignatureDoesNotMatch "Signature not yet current" when X-Amz-Date is over 15 minutes ahead', async () => {
    const request = await signedAt()
    expect((await verify(request, new Date('2025-12-31T23:45:00Z'))).accessKeyId).toBe(KEY.accessKeyId)
    expect(await refusal(verify(request, new Date('2025-12-31T23:40:00Z')))).toEqual({ code: 'SignatureDoesNotMatch', status: 403,
      message: 'Signature not yet current: 20260101T000000Z is still later than 20251231T235500Z (20251231T234000Z + 15 min.)' })
  })

  it('checks the clock before asking the resolver (no key lookups for stale requests)', async () => {
    const resolve = vi.fn(tableResolver.resolve)
    await refusal(verifySigV4(await signedAt(), { resolve }, new Date('2026-01-02T00:00:00Z'), { service: 'sts' }))
    expect(resolve).not.toHaveBeenCalled()
  })
})

describe('X-Amz-Date', () => {
  it('formats X-Amz-Date in basic format', () => {
    expect(formatAmzDate(T0)).toBe('20260101T000000Z')
  })
})
