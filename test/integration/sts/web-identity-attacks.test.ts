import { createHmac, createPrivateKey, createPublicKey, sign as cryptoSign, type JsonWebKey as NodeJsonWebKey, type KeyObject } from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { domainToASCII } from 'node:url'
import { AssumeRoleWithWebIdentityCommand, STSClient, type AssumeRoleWithWebIdentityCommandInput } from '@aws-sdk/client-sts'
import { CompactEncrypt, CompactSign, importJWK, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { generateIdpKey, signToken, startTestIdp, type TestIdp, type TestIdpKey } from '../../support/oidc-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// Attack catalogue section B (reference/attacks.md) against AssumeRoleWithWebIdentity, through the
// real server, the real oidc-provider IdP and the unmodified SDK. J-03, J-04, J-06, J-07, J-15
// and R-04 (key sets and fetches) are in web-identity-attacks-keys.test.ts. J-20 and J-21 concern
// the portal's OIDC login, which does not exist yet.

const OUR = 'stsgate-app'
const FOREIGN = 'https://foreign.example'
const MAIN_SUB = 'repo:org/app:ref:refs/heads/main'
const DECOY = 'http://localhost/tenant'
const TAGS = 'https://aws.amazon.com/tags'
const SOURCE_IDENTITY = 'https://aws.amazon.com/source_identity'
const MSG = {
  notJwt: 'The web identity token is not a well-formed signed JWT.',
  algorithm: 'The web identity token is signed with an algorithm this service does not accept.',
  signature: 'The web identity token signature could not be verified.',
  nested: 'The web identity token is a nested JWT, which this service does not accept.',
  lifetime: 'The web identity token is valid for too long (exp - iat exceeds 24 hours).',
  tooOld: 'The web identity token is older than this service accepts (iat).',
  future: 'The web identity token was issued in the future (iat).',
  notYet: 'The web identity token is not valid yet (nbf).',
  missing: (claim: string) => `The web identity token lacks the required claim ${claim}.`,
  audience: 'Incorrect token audience',
  noProvider: (iss: string) => `No OpenIDConnect provider found in your account for ${iss}`,
  denied: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
  subject: 'The sub claim must be at most 255 characters without control characters.',
  idp: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  tooLong: "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000",
}

const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`
const nowSec = () => Math.floor(Date.now() / 1000)
const segment = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const keyObject = (key: TestIdpKey): KeyObject => createPrivateKey({ key: key.privateJwk as NodeJsonWebKey, format: 'jwk' })

/** A compact JWS built by hand (jose refuses to produce some of these): `signature` gets the signing input. */
function handMade(header: Record<string, unknown>, payloadSegment: string, signature: (input: string) => Buffer | string): string {
  const input = `${segment(header)}.${payloadSegment}`
  const sig = signature(input)
  return `${input}.${typeof sig === 'string' ? sig : sig.toString('base64url')}`
}

/** AWS-style answer of a refused call: the wire code (the SDK's `Code`), the HTTP status, the message. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  const error = await promise.then(() => { throw new Error('expected the call to be refused, it succeeded') }, (caught: unknown) => caught)
  const e = error as { Code?: string; name: string; message: string; $metadata?: { httpStatusCode?: number } }
  if (e.$metadata === undefined) throw error
  return { code: e.Code ?? e.name, status: e.$metadata.httpStatusCode, message: e.message }
}

/** An attacker's server on 127.0.0.1: answers JSON from `documents(url)` by path and records every request. */
async function attackerServer(documents: (url: string) => Record<string, unknown>) {
  const hits: string[] = []
  let routes: Record<string, unknown> = {}
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    hits.push(path)
    const body = routes[path]
    if (body === undefined) res.writeHead(404).end()
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  routes = documents(url)
  return { url, hits, close: () => { server.closeAllConnections(); server.close() } }
}

describe(`AssumeRoleWithWebIdentity against forged and hostile tokens (attack catalogue B) on ${backend}`, () => {
  let idp: TestIdp
  let down: TestIdp
  let attacker: Awaited<ReturnType<typeof attackerServer>>
  let attackerKey: TestIdpKey
  let server: StsTestServer
  let sts: STSClient
  let id: string
  let rsa: TestIdpKey
  let ec: TestIdpKey

  const claims = (extra: Record<string, unknown> = {}) => ({ iss: idp.issuer, sub: MAIN_SUB, aud: OUR, iat: nowSec(), exp: nowSec() + 300, ...extra })
  const without = (claim: string) => Object.fromEntries(Object.entries(claims()).filter(([name]) => name !== claim))
  const assume = (token: string, role = 'Web', more: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) =>
    sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn(role), RoleSessionName: 'attack', WebIdentityToken: token, ...more }))
  const expectRefused = async (promise: Promise<unknown>, code: string, status: number, message: string) =>
    expect(await refusal(promise)).toEqual({ code, status, message })
  const invalid = (promise: Promise<unknown>, message: string) => expectRefused(promise, 'InvalidIdentityToken', 400, message)
  const idpFetches = () => idp.requests.count('/jwks') + idp.requests.count('/.well-known/openid-configuration')

  beforeAll(async () => {
    ;[rsa, ec, attackerKey] = await Promise.all([generateIdpKey('RS256', 'rsa-1'), generateIdpKey('ES256', 'ec-1'), generateIdpKey('RS256', 'attacker-1')])
    idp = await startTestIdp({ keys: [rsa, ec] })
    down = await startTestIdp()
    await down.setReachable(false)
    attacker = await attackerServer((url) => ({
      '/.well-known/openid-configuration': { issuer: url, jwks_uri: `${url}/jwks` },
      '/jwks': { keys: [attackerKey.publicJwk] },
    }))
    id = idp.issuer.replace('http://', '')
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${id}`
    const trust = (actions: string[], condition: Record<string, string> = { [`${id}:aud`]: OUR }) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: actions, Condition: { StringEquals: condition } }] })
    const ASSUME = 'sts:AssumeRoleWithWebIdentity'
    server = await startStsTestServer(`
accounts:
  - id: "${ACCOUNT}"
    oidcProviders:
      - { url: "${idp.issuer}", clientIds: [${OUR}] }
      - { url: "${down.issuer}", clientIds: [${OUR}] }
      # Never fetched: registered only so that its look-alikes (J-12) have something to be confused with.
      - { url: "${DECOY}", clientIds: [${OUR}] }
    roles:
      - name: Web
        trustPolicy: ${trust([ASSUME, 'sts:TagSession', 'sts:SetSourceIdentity'])}
      - name: Plain
        trustPolicy: ${trust([ASSUME])}
      - name: MainBranch
        trustPolicy: ${trust([ASSUME], { [`${id}:aud`]: OUR, [`${id}:sub`]: MAIN_SUB })}
      - name: ForeignAudience
        trustPolicy: ${trust([ASSUME], { [`${id}:aud`]: OUR, [`${id}:oaud`]: FOREIGN })}
`, { STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' })
    sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 })
  })
  afterAll(async () => {
    sts?.destroy()
    await server?.close()
    attacker?.close()
    await Promise.all([idp?.close(), down?.close()])
  })

  it('accepts a real access token of the IdP and a hand-signed one (the controls every refusal is measured against)', async () => {
    const real = await assume(await idp.token({ clientId: 'ci', audience: OUR }))
    expect(real).toMatchObject({ SubjectFromWebIdentityToken: 'ci', Audience: OUR, Provider: `arn:aws:iam::${ACCOUNT}:oidc-provider/${id}` })
    const crafted = await assume(await signToken(rsa, claims()), 'MainBranch')
    expect(crafted.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/MainBranch/attack`)
  })

  it('J-01: refuses alg none (any spelling) with an empty signature, with or without a kid', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${segment({ alg })}.${segment(claims())}.`
      await invalid(assume(token), MSG.algorithm)
      await invalid(assume(`${segment({ alg, kid: rsa.kid, typ: 'JWT' })}.${segment(claims())}.`), MSG.algorithm)
    }
  })

  it('J-02: refuses an HS256 token keyed with the provider RSA public key (PEM and JWK n bytes)', async () => {
    const pem = createPublicKey({ key: rsa.publicJwk as NodeJsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string
    const secrets = [Buffer.from(pem), Buffer.from(pem.trimEnd()), Buffer.from(rsa.publicJwk.n!, 'base64url'), Buffer.from(rsa.publicJwk.n!)]
    for (const secret of secrets) {
      for (const header of [{ alg: 'HS256', typ: 'JWT' }, { alg: 'HS256', typ: 'JWT', kid: rsa.kid }]) {
        const token = handMade(header, segment(claims()), (input) => createHmac('sha256', secret).update(input).digest())
        // A verifier that took the key's bytes as the HMAC secret would accept it.
        await expect(jwtVerify(token, secret)).resolves.toBeDefined()
        await invalid(assume(token), MSG.algorithm)
      }
    }
  })

  it('J-05: refuses a token from an unregistered issuer whose discovery points to an attacker JWKS, and never fetches from it', async () => {
    const token = await signToken(attackerKey, { ...claims(), iss: attacker.url })
    await invalid(assume(token), MSG.noProvider(attacker.url))
    await invalid(assume(await signToken(attackerKey, { ...claims(), iss: `${attacker.url}/` })), MSG.noProvider(`${attacker.url}/`))
    // Another account's role: the lookup is per account, still nothing registered.
    await invalid(assume(token, 'Web', { RoleArn: roleArn('Web', '999999999999') }), MSG.noProvider(attacker.url))
    expect(attacker.hits).toEqual([])
  })

  it('J-08: refuses a foreign aud, an aud array without azp and an azp of another client (Incorrect token audience)', async () => {
    await invalid(assume(await signToken(rsa, claims({ aud: 'someone-else' }))), MSG.audience)
    await invalid(assume(await signToken(rsa, claims({ aud: [OUR, FOREIGN] }))), MSG.audience)
    await invalid(assume(await signToken(rsa, claims({ aud: [] }))), MSG.audience)
    await invalid(assume(await signToken(rsa, claims({ azp: 'other-client' }))), MSG.audience)
    await invalid(assume(await signToken(rsa, claims({ azp: 'other-client', aud: [OUR, FOREIGN] }))), MSG.audience)
  })

  it('J-08: accepts azp = our client id with a foreign aud (aud = azp, oaud = the aud in the trust policy) and a one-element aud array', async () => {
    const viaAzp = await assume(await signToken(rsa, claims({ azp: OUR, aud: FOREIGN })), 'ForeignAudience')
    expect(viaAzp.Audience).toBe(OUR)
    await expectRefused(assume(await signToken(rsa, claims({ azp: OUR, aud: 'https://other.example' })), 'ForeignAudience'), 'AccessDenied', 403, MSG.denied)
    const oneElement = await assume(await signToken(rsa, claims({ aud: [OUR] })))
    expect(oneElement.Audience).toBe(OUR)
  })

  it('J-09: refuses a token lacking iss, aud, exp, iat or sub, naming the claim', async () => {
    for (const claim of ['iss', 'aud', 'exp', 'iat', 'sub']) {
      await invalid(assume(await signToken(rsa, without(claim))), MSG.missing(claim))
    }
  })

  it('J-10: exp = now−1 is within the 60 s skew and accepted; exp past the skew is ExpiredTokenException in AWS words', async () => {
    await assume(await signToken(rsa, claims({ iat: nowSec() - 300, exp: nowSec() - 1 })))
    const exp = nowSec() - 61
    const before = nowSec()
    const error = await refusal(assume(await signToken(rsa, claims({ iat: nowSec() - 300, exp }))))
    const after = nowSec()
    expect(error).toMatchObject({ code: 'ExpiredTokenException', status: 400 })
    const [, current, expiration] = /^Token expired: current date\/time (\d+) must be before the expiration date\/time(\d+)$/.exec(error.message) ?? []
    expect(Number(expiration)).toBe(exp)
    expect(Number(current)).toBeGreaterThanOrEqual(before)
    expect(Number(current)).toBeLessThanOrEqual(after)
  })

  it('J-10: refuses nbf = now+600 and iat = now+3600', async () => {
    await invalid(assume(await signToken(rsa, claims({ nbf: nowSec() + 600, exp: nowSec() + 900 }))), MSG.notYet)
    await invalid(assume(await signToken(rsa, claims({ iat: nowSec() + 3600, exp: nowSec() + 3900 }))), MSG.future)
  })

  it('J-11: refuses exp = now + 10 years and a 2-hour-old iat; the session never lasts as long as the token', async () => {
    await invalid(assume(await signToken(rsa, claims({ exp: nowSec() + 10 * 365 * 86_400 }))), MSG.lifetime)
    await invalid(assume(await signToken(rsa, claims({ iat: nowSec() - 7200, exp: nowSec() + 300 }))), MSG.tooOld)
    // A token expiring in 5 minutes still gets the default 1-hour session: exp is not the session's end.
    const issuedAt = Date.now()
    const session = await assume(await signToken(rsa, claims({ exp: nowSec() + 300 })))
    const lasts = session.Credentials!.Expiration!.getTime() - issuedAt
    expect(lasts).toBeGreaterThan(3590_000)
    expect(lasts).toBeLessThan(3610_000)
  })

  it('J-12: refuses look-alikes of registered issuers (exact string match, no normalisation) without fetching anything', async () => {
    const port = new URL(idp.issuer).port
    const homoglyph = 'l\u043ecalhost' // Cyrillic o
    const variants = [
      `${idp.issuer}/`, `HTTP://127.0.0.1:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:0${port}`, `http://127.1:${port}`, `http://2130706433:${port}`,
      `http://127.0.0.1:${port}@evil.example`, `http://127.0.0.1:${port}.evil.example`, `http://evil.example#@127.0.0.1:${port}`,
      `http://127.0.0.1:${port}/%2e`, `http://127.0.0.1:${port}/.`, ` ${idp.issuer}`,
      // Look-alikes of http://localhost/tenant: every one of them is the same URL once parsed or IDN-decoded.
      'http://LOCALHOST/tenant', 'http://localhost:80/tenant', 'http://localhost/x/%2e%2e/tenant', 'http://localhost/%2e/tenant',
      'http://localhost/tenan%74', `http://${domainToASCII(homoglyph)}/tenant`, `http://${homoglyph}/tenant`, `${DECOY}/`,
    ]
    expect(domainToASCII(homoglyph)).toMatch(/^xn--/)
    idp.requests.reset()
    for (const iss of variants) await invalid(assume(await signToken(rsa, claims({ iss }))), MSG.noProvider(iss))
    expect(idpFetches()).toBe(0)
    expect(attacker.hits).toEqual([])
  })

  const critical = () => handMade({ alg: 'RS256', kid: rsa.kid, typ: 'JWT', crit: ['x'], x: 1 }, segment(claims()),
    (input) => cryptoSign('sha256', Buffer.from(input), keyObject(rsa)))

  it('J-13: refuses a token with an unknown critical header (crit: ["x"]) as InvalidIdentityToken 400', async () => {
    expect(await refusal(assume(critical()))).toMatchObject({ code: 'InvalidIdentityToken', status: 400 })
  })

  it('J-13: says a crit: ["x"] token is not a well-formed signed JWT (not an algorithm problem)', async () => {
    await invalid(assume(critical()), MSG.notJwt)
  })

  it('J-13: refuses b64: false (RFC 7797 unencoded payload), whether the payload segment is base64url or raw JSON', async () => {
    const header = { alg: 'RS256', kid: rsa.kid, typ: 'JWT', b64: false, crit: ['b64'] }
    const signed = (payload: string) => handMade(header, payload, (input) => cryptoSign('sha256', Buffer.from(input), keyObject(rsa)))
    await invalid(assume(signed(segment(claims()))), MSG.notJwt)
    await invalid(assume(signed(JSON.stringify(claims()))), MSG.notJwt)
  })

  it('J-14: refuses ES256 signatures r=s=0, r=s=n, DER-encoded and truncated (CVE-2022-21449 class)', async () => {
    const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex')
    const header = { alg: 'ES256', kid: ec.kid, typ: 'JWT' }
    const payload = segment(claims())
    const valid = (encoding: 'ieee-p1363' | 'der') => (input: string) => cryptoSign('sha256', Buffer.from(input), { key: keyObject(ec), dsaEncoding: encoding })
    // The control: the same construction with a proper signature is accepted.
    await assume(handMade(header, payload, valid('ieee-p1363')))
    const forged = [() => Buffer.alloc(64), () => Buffer.concat([n, n]), () => Buffer.concat([Buffer.alloc(32), n]), valid('der'),
      (input: string) => valid('ieee-p1363')(input).subarray(0, 63), () => Buffer.alloc(0)]
    for (const signature of forged) await invalid(assume(handMade(header, payload, signature)), MSG.signature)
  })

  it('J-16: refuses a JWE, a JWS whose payload is a JWT, and a token with cty JWT', async () => {
    const encryptionKey = await importJWK({ kty: 'RSA', n: rsa.publicJwk.n!, e: rsa.publicJwk.e! }, 'RSA-OAEP-256')
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims())))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: rsa.kid }).encrypt(encryptionKey)
    expect(jwe.split('.')).toHaveLength(5)
    await invalid(assume(jwe), MSG.notJwt)
    const inner = await signToken(rsa, claims())
    const wrapping = await new CompactSign(new TextEncoder().encode(inner)).setProtectedHeader({ alg: 'RS256', kid: rsa.kid }).sign(rsa.privateKey)
    await invalid(assume(wrapping), MSG.notJwt)
    await invalid(assume(await signToken(rsa, claims(), { cty: 'JWT' })), MSG.nested)
  })

  it('J-17: refuses tokens over 20000 characters with a ValidationError that does not echo them; a 1 MB and a 7 MB body get 413', async () => {
    const huge = (length: number) => `${segment({ alg: 'RS256' })}.${'A'.repeat(length)}`.slice(0, length)
    for (const length of [20_001, 64 * 1024]) await expectRefused(assume(huge(length)), 'ValidationError', 400, MSG.tooLong)
    for (const length of [1024 * 1024, 7 * 1024 * 1024]) {
      const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn('Web'), RoleSessionName: 'attack', WebIdentityToken: huge(length) })
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
      const text = await response.text()
      expect(response.status).toBe(413)
      expect(text).toContain('<Code>RequestEntityTooLarge</Code>')
      expect(text).toContain('<Message>Request body is too large.</Message>')
      expect(text).not.toContain('AAAAAAAA')
    }
  })

  it('J-18: refuses a sub with control characters or over 255 characters with IDPRejectedClaim', async () => {
    for (const sub of ['repo:org/app\u0000', 'line\nbreak', 'bell\u0007', 'del\u007f', 'c1\u0085', 'x'.repeat(256)]) {
      await expectRefused(assume(await signToken(rsa, claims({ sub }))), 'IDPRejectedClaim', 403, MSG.subject)
    }
  })

  it('J-18: ignores a large groups claim that fits the token limit (3,000 entries); 10,000 entries cannot fit in 20000 characters', async () => {
    const withGroups = (count: number) => signToken(rsa, claims({ groups: Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (i % 26))) }))
    const fits = await withGroups(3000)
    expect(fits.length).toBeLessThanOrEqual(20_000)
    expect((await assume(fits)).SubjectFromWebIdentityToken).toBe(MAIN_SUB)
    const tooBig = await withGroups(10_000)
    expect(tooBig.length).toBeGreaterThan(20_000)
    await expectRefused(assume(tooBig), 'ValidationError', 400, MSG.tooLong)
  })

  it('J-18: refuses session-tag claims with 51 tags, an aws: key, a multi-valued tag or a transitive key not among the tags', async () => {
    const cases: Array<[unknown, string]> = [
      [{ principal_tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ['v']])) }, 'more than 50 session tags'],
      [{ principal_tags: { 'aws:team': ['red'] } }, '"aws:team" is not a valid session tag key'],
      [{ principal_tags: { team: ['red', 'blue'] } }, 'principal_tags values must be lists of one string ("team" is not)'],
      [{ principal_tags: { team: ['red'] }, transitive_tag_keys: ['env'] }, 'the transitive tag key "env" is not a session tag'],
    ]
    for (const [tags, problem] of cases) {
      await expectRefused(assume(await signToken(rsa, claims({ [TAGS]: tags }))), 'IDPRejectedClaim', 403, `${TAGS}: ${problem}`)
    }
    await expectRefused(assume(await signToken(rsa, claims({ [SOURCE_IDENTITY]: 'aws:admin' }))), 'IDPRejectedClaim', 403,
      `${SOURCE_IDENTITY}: not a valid source identity (2-64 characters of [\\w+=,.@-], not starting with aws:)`)
  })

  it('J-19: a trust policy on <id>:sub refuses an attacker sub with AccessDenied, in the same words as a role that does not exist', async () => {
    await assume(await signToken(rsa, claims()), 'MainBranch')
    await expectRefused(assume(await signToken(rsa, claims({ sub: 'repo:attacker/x' })), 'MainBranch'), 'AccessDenied', 403, MSG.denied)
    await expectRefused(assume(await signToken(rsa, claims({ sub: 'repo:org/app:ref:refs/heads/main-evil' })), 'MainBranch'), 'AccessDenied', 403, MSG.denied)
    await expectRefused(assume(await signToken(rsa, claims()), 'DoesNotExist'), 'AccessDenied', 403, MSG.denied)
  })

  it('J-22: accepts the same valid token 3 times (AWS-like: no jti cache; replay bounded by exp and the maximum token age)', async () => {
    const token = await idp.token({ clientId: 'ci', audience: OUR })
    const keys = new Set<string>()
    for (let i = 0; i < 3; i++) keys.add((await assume(token)).Credentials!.AccessKeyId!)
    expect(keys.size).toBe(3)
  })

  it('refuses session tags without sts:TagSession and a source identity without sts:SetSourceIdentity in the trust policy', async () => {
    await assume(await signToken(rsa, claims()), 'Plain')
    const tags = { principal_tags: { team: ['red'] }, transitive_tag_keys: ['team'] }
    await expectRefused(assume(await signToken(rsa, claims({ [TAGS]: tags })), 'Plain'), 'AccessDenied', 403, MSG.denied)
    await expectRefused(assume(await signToken(rsa, claims({ [SOURCE_IDENTITY]: 'alice' })), 'Plain'), 'AccessDenied', 403, MSG.denied)
    const both = await assume(await signToken(rsa, claims({ [TAGS]: tags, [SOURCE_IDENTITY]: 'alice' })), 'Web')
    expect(both.SourceIdentity).toBe('alice')
  })

  it('answers IDPCommunicationError in AWS words when the IdP is unreachable before its keys were ever fetched', async () => {
    const token = await signToken(down.keys[0]!, { ...claims(), iss: down.issuer })
    await expectRefused(assume(token), 'IDPCommunicationError', 400, MSG.idp)
  })
})
