import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import type { AddressInfo, Server } from 'node:net'
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts'
import { HttpRequest } from '@smithy/protocol-http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { loadConfig } from '../../../src/config/load.ts'
import { createLogger } from '../../../src/logging/logger.ts'
import { UsageTracker } from '../../../src/storage/usage-tracker.ts'
import { AuditLog } from '../../../src/storage/audit-log.ts'
import { openTestDatabase, type TestDatabase } from '../../support/database.ts'
import type { ActionDefinition } from '../../../src/sts/action.ts'
import { FORM, KEY, SESSION, signer, tableResolver } from '../../support/sigv4-fixtures.ts'
import { KeyRing } from '../../../src/storage/key-ring.ts'
import { samlSpKey } from '../../../src/storage/saml-sp-key.ts'
import { SecretBox } from '../../../src/storage/secret-box.ts'

/** A trivial signed action: echoes the verified caller and its one parameter. */
const echoCaller: ActionDefinition<{ note: string | undefined; tags: number }, unknown> = {
  name: 'EchoCallerTest', version: '2011-06-15', signed: true, parameters: ['Note', 'Tags'],
  parse: (params) => ({ note: params.get('Note'), tags: params.structList('Tags', ['Key', 'Value'])?.length ?? 0 }),
  handle: async (input, call) => ({ Arn: call.caller?.arn, Note: input.note, Tags: input.tags, At: call.now }),
}
/** The SDK's own operation name, so a real @aws-sdk/client-sts drives the endpoint over HTTP. */
const callerIdentity: ActionDefinition = {
  name: 'GetCallerIdentity', version: '2011-06-15', signed: true, parameters: [],
  parse: () => ({}),
  handle: async (_input, call) => ({ UserId: call.caller!.userId, Account: call.caller!.accountId, Arn: call.caller!.arn }),
}
const unsignedEcho: ActionDefinition = {
  name: 'UnsignedEchoTest', version: '2011-06-15', signed: false, parameters: [],
  parse: () => ({}), handle: async (_input, call) => ({ Signed: call.caller !== undefined }),
}
const iamEcho: ActionDefinition = {
  name: 'IamEchoTest', version: '2010-05-08', signed: true, parameters: [],
  parse: () => ({}), handle: async (_input, call) => ({ Arn: call.caller!.arn }),
}
const registry = new Map([echoCaller, callerIdentity, unsignedEcho, iamEcho].map((action) => [`${action.version}:${action.name}`, action]))

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/'
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/'
const MISMATCH = 'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

let server: Server
let base: string
let host: string
let clockOffset = 0

let database: TestDatabase

beforeAll(async () => {
  database = await openTestDatabase()
  const app = createApp({
    config: loadConfig({}),
    db: database.db,
    logger: createLogger({ level: 'silent', pretty: false }),
    actions: registry,
    credentials: tableResolver,
    clock: () => new Date(Date.now() + clockOffset),
    audit: new AuditLog(database.db),
    usage: new UsageTracker(database.db),
    samlSpKey: await samlSpKey(new KeyRing(database.db.prisma, new SecretBox(randomBytes(32)))),
  })
  server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  base = `http://${host}`
})
afterAll(async () => { server.close(); await database.close() })

/** POSTs a form body, signed with `credentials` (or not when undefined), as botocore would. */
async function post(body: string, credentials: typeof KEY | typeof SESSION | null = KEY, options: { service?: string; date?: Date } = {}) {
  let headers: Record<string, string> = { host, 'content-type': FORM }
  if (credentials) {
    const request = new HttpRequest({ method: 'POST', hostname: '127.0.0.1', path: '/', headers, body })
    headers = (await signer(credentials, options.service ?? 'sts').sign(request, { signingDate: options.date ?? new Date() })).headers
  }
  const { host: _host, ...sendable } = headers
  return fetch(`${base}/`, { method: 'POST', headers: sendable, body })
}

async function expectError(response: Response, status: number, code: string, message: string, namespace = STS_NS) {
  const requestId = response.headers.get('x-amzn-requestid')
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8')
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
  expect(await response.text()).toBe(`<ErrorResponse xmlns="${namespace}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${code}</Code><Message>${escaped}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`)
}

describe('awsQuery endpoint: success', () => {
  it('answers a signed POST with <ActionResponse>, the namespace and the request id', async () => {
    const response = await post('Action=EchoCallerTest&Version=2011-06-15&Note=hello+w%C3%B6rld&Tags.member.1.Key=k&Tags.member.1.Value=v')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8')
    const requestId = response.headers.get('x-amzn-requestid')
    const text = await response.text()
    expect(text).toMatch(new RegExp(`^<EchoCallerTestResponse xmlns="${STS_NS}"><EchoCallerTestResult><Arn>arn:aws:iam::123456789012:root</Arn>` +
      '<Note>hello wörld</Note><Tags>1</Tags><At>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</At></EchoCallerTestResult>' +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></EchoCallerTestResponse>$`))
  })

  it('serves the real @aws-sdk/client-sts (long-term and session credentials)', async () => {
    for (const credentials of [KEY, SESSION]) {
      const client = new STSClient({ region: 'eu-central-1', endpoint: base, credentials, maxAttempts: 1 })
      const identity = await client.send(new GetCallerIdentityCommand({}))
      expect(identity).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root', UserId: '123456789012' })
      expect(identity.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('surfaces wire errors to the SDK by code and message', async () => {
    const client = new STSClient({ region: 'us-east-1', endpoint: base, credentials: { ...KEY, secretAccessKey: 'wrong' }, maxAttempts: 1 })
    const error = await client.send(new GetCallerIdentityCommand({})).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(STSServiceException)
    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', message: MISMATCH, $metadata: { httpStatusCode: 403 } })
  })

  it('answers a presigned GET (query authentication)', async () => {
    const request = new HttpRequest({ method: 'GET', hostname: '127.0.0.1', path: '/', headers: { host },
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } })
    const presigned = await signer().presign(request, { expiresIn: 60 })
    const query = new URLSearchParams(presigned.query as Record<string, string>)
    const response = await fetch(`${base}/?${query}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<Arn>arn:aws:iam::123456789012:root</Arn>')
  })

  it('runs an unsigned action without a signature', async () => {
    const response = await post('Action=UnsignedEchoTest&Version=2011-06-15', null)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<Signed>false</Signed>')
  })

  it('verifies IAM actions for service iam and answers in the IAM namespace', async () => {
    const response = await post('Action=IamEchoTest&Version=2010-05-08', KEY, { service: 'iam' })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(`<IamEchoTestResponse xmlns="${IAM_NS}">`)
    await expectError(await post('Action=IamEchoTest&Version=2010-05-08'), 403, 'SignatureDoesNotMatch',
      "Credential should be scoped to correct service: 'iam'.", IAM_NS)
  })
})

describe('awsQuery endpoint: protocol errors', () => {
  it('InvalidAction for an unknown Action, an unknown Version or none', async () => {
    await expectError(await post('Action=Nope&Version=2011-06-15'), 400, 'InvalidAction', 'Could not find operation Nope for version 2011-06-15')
    await expectError(await post('Action=EchoCallerTest&Version=1999-01-01'), 400, 'InvalidAction', 'Could not find operation EchoCallerTest for version 1999-01-01')
    await expectError(await post('Action=EchoCallerTest'), 400, 'InvalidAction', 'Could not find operation EchoCallerTest for version NO_VERSION_SPECIFIED')
  })

  it('MissingAction when no Action is named', async () => {
    await expectError(await post('Version=2011-06-15'), 400, 'MissingAction', 'Missing Action')
  })

  it('InvalidQueryParameter for an unknown parameter or one given twice (body and URL included)', async () => {
    await expectError(await post('Action=EchoCallerTest&Version=2011-06-15&Bogus=1'), 400, 'InvalidQueryParameter', 'The parameter Bogus is not recognized.')
    await expectError(await post('Action=EchoCallerTest&Version=2011-06-15&Note=a&Note=b'), 400, 'InvalidQueryParameter', 'The parameter Note is given more than once.')
    const response = await fetch(`${base}/?Action=EchoCallerTest`, { method: 'POST', headers: { 'content-type': FORM }, body: 'Action=EchoCallerTest&Version=2011-06-15' })
    await expectError(response, 400, 'InvalidQueryParameter', 'The parameter Action is given more than once.')
  })

  it('MalformedQueryString for a broken percent-escape', async () => {
    await expectError(await post('Action=EchoCallerTest&Version=2011-06-15&Note=%E0%A4'), 404, 'MalformedQueryString', 'The query string contains a syntax error.')
  })

  it('MissingAuthenticationToken for a signed action without a signature', async () => {
    await expectError(await post('Action=EchoCallerTest&Version=2011-06-15', null), 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
  })

  it('IncompleteSignature for a malformed Authorization header', async () => {
    const response = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': FORM, authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sts/aws4_request', 'x-amz-date': '20260101T000000Z' },
      body: 'Action=EchoCallerTest&Version=2011-06-15' })
    await expectError(response, 400, 'IncompleteSignature', "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.")
  })

  it('SignatureDoesNotMatch for a wrong secret, and InvalidClientTokenId for an unknown key', async () => {
    await expectError(await post('Action=EchoCallerTest&Version=2011-06-15', { ...KEY, secretAccessKey: 'wrong' }), 403, 'SignatureDoesNotMatch', MISMATCH)
    await expectError(await post('Action=EchoCallerTest&Version=2011-06-15', { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }),
      403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
  })

  it('SignatureDoesNotMatch "Signature expired" when the server clock is 30 minutes ahead', async () => {
    const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000)
    clockOffset = 30 * 60 * 1000
    try {
      const response = await post('Action=EchoCallerTest&Version=2011-06-15', KEY, { date: signedAt })
      expect(response.status).toBe(403)
      expect(await response.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)<\/Message>/)
    } finally {
      clockOffset = 0
    }
  })

  it('RequestEntityTooLarge for a body over 256 KiB', async () => {
    const response = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': FORM }, body: `Action=EchoCallerTest&Version=2011-06-15&Note=${'A'.repeat(256 * 1024)}` })
    await expectError(response, 413, 'RequestEntityTooLarge', 'Request body is too large.')
  })
})
