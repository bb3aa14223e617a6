import { execFile } from 'node:child_process'
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign as cryptoSign, X509Certificate, type JsonWebKey as NodeJsonWebKey, type KeyObject } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { AssumeRoleWithWebIdentityCommand, STSClient, type AssumeRoleWithWebIdentityCommandInput } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { generateIdpKey, signToken, startTestIdp, type TestIdp, type TestIdpKey } from '../../support/oidc-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// Attack catalogue section B (reference/attacks.md), the cases about signing keys and the fetches
// that find them: J-03, J-04, J-06, J-07, J-15 and R-04. The other cases are in
// web-identity-attacks.test.ts.

const OUR = 'stsgate-app'
const MSG = {
  notJwt: 'The web identity token is not a well-formed signed JWT.',
  algorithm: 'The web identity token is signed with an algorithm this service does not accept.',
  signature: 'The web identity token signature could not be verified.',
  noKey: 'No signing key of the identity provider matches the web identity token.',
  noProvider: (iss: string) => `No OpenIDConnect provider found in your account for ${iss}`,
  idp: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
}
/** Issuers (paths) of the deliberately broken IdP, each registered as a provider of its own. */
const TENANTS = ['/redirect-away', '/redirect-other-host', '/redirect-same', '/oct-only', '/enc-only', '/private-only', '/wrong-issuer', '/no-use-alg', '/rsa-1024'] as const
type Tenant = (typeof TENANTS)[number]

const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`
const segment = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const keyObject = (key: TestIdpKey): KeyObject => createPrivateKey({ key: key.privateJwk as NodeJsonWebKey, format: 'jwk' })
const run = promisify(execFile)

/** An RS256 compact JWS signed by hand with any RSA key (jose would refuse to sign with a 1024-bit one). */
function rs256(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const input = `${segment({ alg: 'RS256', typ: 'JWT', ...header })}.${segment(claims)}`
  return `${input}.${cryptoSign('sha256', Buffer.from(input), key).toString('base64url')}`
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  const error = await promise.then(() => { throw new Error('expected the call to be refused, it succeeded') }, (caught: unknown) => caught)
  const e = error as { Code?: string; name: string; message: string; $metadata?: { httpStatusCode?: number } }
  if (e.$metadata === undefined) throw error
  return { code: e.Code ?? e.name, status: e.$metadata.httpStatusCode, message: e.message }
}

/** A hand-made HTTP server on 127.0.0.1 that records every request path. */
async function handMadeServer(respond: (path: string, res: http.ServerResponse, url: string) => void) {
  const hits: string[] = []
  let url = ''
  const server = http.createServer((req, res) => {
    const requested = (req.url ?? '/').split('?')[0]!
    hits.push(requested)
    respond(requested, res, url)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, hits, close: () => { server.closeAllConnections(); server.close() } }
}

const sendJson = (res: http.ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))

/** A throwaway self-signed certificate for the attacker's key (for x5c / x5u). */
async function attackerCertificate(): Promise<{ key: KeyObject; certificate: X509Certificate }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stsgate-attacker-'))
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=attacker.example',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')])
    const [key, cert] = await Promise.all([readFile(path.join(dir, 'key.pem')), readFile(path.join(dir, 'cert.pem'))])
    return { key: createPrivateKey(key), certificate: new X509Certificate(cert) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe(`AssumeRoleWithWebIdentity signing keys and key-set fetches under attack (catalogue B, R-04) on ${backend}`, () => {
  let idp: TestIdp
  let rsa: TestIdpKey
  let tenantKey: TestIdpKey
  let attacker: Awaited<ReturnType<typeof handMadeServer>>
  let broken: Awaited<ReturnType<typeof handMadeServer>>
  let attackerKey: { key: KeyObject; certificate: X509Certificate }
  let weakKey: KeyObject
  let server: StsTestServer
  let sts: STSClient
  let clockOffset = 0
  const hmacSecret = randomBytes(32)

  const serverNow = () => Math.floor((Date.now() + clockOffset) / 1000)
  const moveClock = (ms: number) => { clockOffset = ms; server.setClockOffset(ms) }
  const claims = (iss = idp.issuer) => ({ iss, sub: 'repo:org/app', aud: OUR, iat: serverNow(), exp: serverNow() + 300 })
  const tenant = (name: Tenant) => `${broken.url}${name}`
  const assume = (token: string, more: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) =>
    sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn('Web'), RoleSessionName: 'attack', WebIdentityToken: token, ...more }))
  const expectRefused = async (promise: Promise<unknown>, code: string, status: number, message: string) =>
    expect(await refusal(promise)).toEqual({ code, status, message })
  const invalid = (promise: Promise<unknown>, message: string) => expectRefused(promise, 'InvalidIdentityToken', 400, message)
  const unavailable = (promise: Promise<unknown>) => expectRefused(promise, 'IDPCommunicationError', 400, MSG.idp)
  const brokenHits = (pathname: string) => broken.hits.filter((hit) => hit === pathname).length

  beforeAll(async () => {
    ;[rsa, tenantKey, attackerKey] = await Promise.all([generateIdpKey('RS256', 'rsa-1'), generateIdpKey('RS256', 'tenant-1'), attackerCertificate()])
    weakKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey
    idp = await startTestIdp({ keys: [rsa] })
    attacker = await handMadeServer((_path, res, url) => sendJson(res, { issuer: url, keys: [attackerKey.key.export({ format: 'jwk' })] }))
    const { kty, n, e } = tenantKey.publicJwk
    const keySets: Record<Tenant, unknown[]> = {
      '/redirect-away': [], '/redirect-other-host': [], '/redirect-same': [], '/wrong-issuer': [tenantKey.publicJwk],
      '/oct-only': [{ kty: 'oct', k: hmacSecret.toString('base64url'), kid: 'hs-1', alg: 'HS256', use: 'sig' }],
      '/enc-only': [{ ...tenantKey.publicJwk, use: 'enc', alg: 'RSA-OAEP-256' }],
      '/private-only': [tenantKey.privateJwk],
      '/no-use-alg': [{ kty, n, e, kid: tenantKey.kid }],
      '/rsa-1024': [{ ...createPublicKey(weakKey).export({ format: 'jwk' }), kid: 'rsa-1024', alg: 'RS256', use: 'sig' }],
    }
    broken = await handMadeServer((requested, res, url) => {
      const name = TENANTS.find((candidate) => requested.startsWith(`${candidate}/`))
      const rest = name && requested.slice(name.length)
      if (!name) return res.writeHead(404).end()
      if (rest === '/.well-known/openid-configuration') {
        return sendJson(res, { issuer: name === '/wrong-issuer' ? idp.issuer : `${url}${name}`, jwks_uri: `${url}${name}/jwks` })
      }
      if (rest === '/keys') return sendJson(res, { keys: [tenantKey.publicJwk] })
      if (rest !== '/jwks') return res.writeHead(404).end()
      const port = new URL(url).port
      if (name === '/redirect-away') return res.writeHead(302, { location: `${attacker.url}/jwks` }).end()
      if (name === '/redirect-other-host') return res.writeHead(307, { location: `http://localhost:${port}${name}/keys` }).end()
      if (name === '/redirect-same') return res.writeHead(302, { location: `${name}/keys` }).end()
      return sendJson(res, { keys: keySets[name] })
    })
    const issuers = [idp.issuer, ...TENANTS.map(tenant)]
    const providers = issuers.map((issuer) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer.replace('http://', '')}`)
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providers }, Action: 'sts:AssumeRoleWithWebIdentity' }] }
    server = await startStsTestServer(`
accounts:
  - id: "${ACCOUNT}"
    oidcProviders:
${issuers.map((issuer) => `      - { url: "${issuer}", clientIds: [${OUR}] }`).join('\n')}
    roles:
      - { name: Web, trustPolicy: ${JSON.stringify(trust)} }
`, { STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' })
    sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 })
  })
  afterAll(async () => {
    sts?.destroy()
    await server?.close()
    attacker?.close()
    broken?.close()
    await idp?.close()
  })

  it('accepts a real access token of the IdP (the control every refusal is measured against)', async () => {
    expect((await assume(await idp.token({ clientId: 'ci', audience: OUR }))).SubjectFromWebIdentityToken).toBe('ci')
  })

  it('J-03: refuses path-traversal, SQL and 10 KB kids signed with the real key (no signing key matches)', async () => {
    for (const kid of ['../../dev/null', "' OR 1=1--", 'k'.repeat(10 * 1024), '%00', 'rsa-1\u0000']) {
      await invalid(assume(await signToken(rsa, claims(), { kid })), MSG.noKey)
    }
  })

  it('J-04: refuses attacker-signed tokens carrying jku, x5u, an embedded jwk or x5c, and never contacts the attacker', async () => {
    const jwk = createPublicKey(attackerKey.key).export({ format: 'jwk' })
    const x5c = [attackerKey.certificate.raw.toString('base64')]
    const forged = (header: Record<string, unknown>) => rs256(attackerKey.key, header, claims())
    const kid = 'attacker-1'
    await invalid(assume(forged({ kid, jku: `${attacker.url}/jwks` })), MSG.noKey)
    await invalid(assume(forged({ kid, x5u: `${attacker.url}/cert.pem` })), MSG.noKey)
    await invalid(assume(forged({ kid, jwk })), MSG.noKey)
    await invalid(assume(forged({ kid, x5c })), MSG.noKey)
    // Without a kid, or naming the IdP's kid: the IdP's own key is tried, and the signature fails.
    await invalid(assume(forged({ jku: `${attacker.url}/jwks` })), MSG.signature)
    await invalid(assume(forged({ jwk })), MSG.signature)
    await invalid(assume(forged({ x5c, x5u: `${attacker.url}/cert.pem` })), MSG.signature)
    await invalid(assume(forged({ kid: rsa.kid, jku: `${attacker.url}/jwks`, jwk, x5c })), MSG.signature)
    expect(attacker.hits).toEqual([])
  })

  it('J-06: refuses a token signed by a key the IdP never published (unknown kid, its kid borrowed, or no kid)', async () => {
    const stranger = await generateIdpKey('RS256', 'never-published')
    await invalid(assume(await signToken(stranger, claims())), MSG.noKey)
    await invalid(assume(await signToken(stranger, claims(), { kid: rsa.kid })), MSG.signature)
    await invalid(assume(rs256(keyObject(stranger), {}, claims())), MSG.signature)
  })

  it('J-07: a jwks_uri redirecting to another origin is IDPCommunicationError, and the other origin gets no request', async () => {
    await unavailable(assume(await signToken(tenantKey, claims(tenant('/redirect-away')))))
    expect(attacker.hits).toEqual([])
    await unavailable(assume(await signToken(tenantKey, claims(tenant('/redirect-other-host')))))
    expect(brokenHits('/redirect-other-host/jwks')).toBe(1)
    expect(brokenHits('/redirect-other-host/keys')).toBe(0)
    // The control: a redirect within the origin is followed.
    expect((await assume(await signToken(tenantKey, claims(tenant('/redirect-same'))))).SubjectFromWebIdentityToken).toBe('repo:org/app')
    expect(brokenHits('/redirect-same/keys')).toBe(1)
  })

  it('J-07: an HS (oct) key in the JWKS is never a verification key: HS256 is refused unfetched, RS256 finds no usable key', async () => {
    const hs = `${segment({ alg: 'HS256', kid: 'hs-1', typ: 'JWT' })}.${segment(claims(tenant('/oct-only')))}`
    await invalid(assume(`${hs}.${createHmac('sha256', hmacSecret).update(hs).digest('base64url')}`), MSG.algorithm)
    expect(brokenHits('/oct-only/jwks')).toBe(0)
    await unavailable(assume(await signToken(tenantKey, claims(tenant('/oct-only')), { kid: 'hs-1' })))
    expect(brokenHits('/oct-only/jwks')).toBe(1)
  })

  it('J-07: a JWKS with only an encryption key, only a private key, or a discovery naming another issuer is IDPCommunicationError', async () => {
    for (const name of ['/enc-only', '/private-only', '/wrong-issuer'] as const) {
      await unavailable(assume(await signToken(tenantKey, claims(tenant(name)))))
    }
    expect(brokenHits('/wrong-issuer/jwks')).toBe(0)
    // The control: a plain signing key without use or alg is what many IdPs publish, and is used.
    expect((await assume(await signToken(tenantKey, claims(tenant('/no-use-alg'))))).SubjectFromWebIdentityToken).toBe('repo:org/app')
  })

  it('J-15: refuses a token signed by a 1024-bit RSA key that its provider publishes', async () => {
    await invalid(assume(rs256(weakKey, { kid: 'rsa-1024' }, claims(tenant('/rsa-1024')))), MSG.notJwt)
    expect(brokenHits('/rsa-1024/jwks')).toBe(1)
  })

  it('R-04: a storm of tokens from unregistered issuers fetches nothing from anyone', async () => {
    const before = broken.hits.length + idp.requests.count('/jwks')
    const issuers = Array.from({ length: 100 }, (_, i) => [`${attacker.url}/t${i}`, `http://127.0.0.1:${1024 + i}`, `${broken.url}/t${i}`, `${idp.issuer}/t${i}`][i % 4]!)
    const tokens = await Promise.all(issuers.map((iss) => signToken(rsa, claims(iss))))
    const answers = await Promise.all(tokens.map((token, i) => refusal(assume(token, i % 2 ? { RoleArn: roleArn('Web', String(100_000_000_000 + i)) } : {}))))
    expect(answers).toEqual(issuers.map((iss) => ({ code: 'InvalidIdentityToken', status: 400, message: MSG.noProvider(iss) })))
    expect(attacker.hits).toEqual([])
    expect(broken.hits.length + idp.requests.count('/jwks')).toBe(before)
  })

  it('R-04: a provider whose key set cannot be had is asked again only after a pause (10 s), not on every call', async () => {
    const discovery = '/enc-only/.well-known/openid-configuration'
    const before = brokenHits(discovery)
    for (let i = 0; i < 10; i++) await unavailable(assume(await signToken(tenantKey, claims(tenant('/enc-only')))))
    expect(brokenHits(discovery) - before).toBeLessThanOrEqual(1)
    // Once the pause is over, the IdP is asked again (it may have recovered).
    moveClock(clockOffset + 10_000)
    const asked = brokenHits(discovery)
    await unavailable(assume(await signToken(tenantKey, claims(tenant('/enc-only')))))
    expect(brokenHits(discovery) - asked).toBe(1)
  })

  it('J-03 / R-04: a storm of unknown kids refetches the JWKS at most once per 30 s cooldown (server clock moved)', async () => {
    const storm = async () => {
      const tokens = await Promise.all(Array.from({ length: 200 }, () => signToken(rsa, claims(), { kid: randomUUID() })))
      const answers = await Promise.all(tokens.map((token) => refusal(assume(token))))
      expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(new Set([JSON.stringify({ code: 'InvalidIdentityToken', status: 400, message: MSG.noKey })]))
    }
    try {
      // Past the cooldown of every earlier fetch, still within the cached key set's lifetime.
      moveClock(31_000)
      idp.requests.reset()
      await storm()
      expect(idp.requests.count('/jwks')).toBe(1)
      await storm()
      expect(idp.requests.count('/jwks')).toBe(1)
      moveClock(62_000)
      await storm()
      expect(idp.requests.count('/jwks')).toBe(2)
      // Good tokens still pass, from the cached keys.
      await assume(await signToken(rsa, claims()))
      expect(idp.requests.count('/jwks')).toBe(2)
    } finally {
      moveClock(0)
    }
  })
})
