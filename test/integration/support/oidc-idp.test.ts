import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateIdpKey, signToken, startTestIdp, type TestIdp } from '../../support/oidc-idp.ts'

interface Discovery { issuer: string; jwks_uri: string; token_endpoint: string }

const discoveryUrl = (idp: TestIdp) => `${idp.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`
const discover = async (idp: TestIdp) => (await (await fetch(discoveryUrl(idp))).json()) as Discovery
const publishedKids = async (idp: TestIdp) =>
  ((await (await fetch((await discover(idp)).jwks_uri)).json()) as JSONWebKeySet).keys.map((key) => key.kid)
const verify = async (idp: TestIdp, token: string, audience = 'sts.amazonaws.com') =>
  jwtVerify(token, createRemoteJWKSet(new URL((await discover(idp)).jwks_uri)), { issuer: idp.issuer, audience })

describe('test OIDC IdP over http', () => {
  let idp: TestIdp
  beforeAll(async () => {
    idp = await startTestIdp({ keys: [await generateIdpKey('RS256', 'rsa-1'), await generateIdpKey('ES256', 'ec-1')] })
  })
  afterAll(async () => idp.close())

  it('serves discovery for its issuer and issues client-credentials JWTs that verify with the JWKS', async () => {
    const discovery = await discover(idp)
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(discovery.issuer).toBe(idp.issuer)
    expect(discovery.jwks_uri).toBe(`${idp.issuer}/jwks`)

    const tags = { principal_tags: { team: ['platform'] }, transitive_tag_keys: [] }
    const token = await idp.token({ clientId: 'ci-runner', claims: { 'https://aws.amazon.com/tags': tags, repo: 'acme/app' } })
    const { payload, protectedHeader } = await verify(idp, token)
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: 'rsa-1' })
    expect(payload).toMatchObject({ sub: 'ci-runner', client_id: 'ci-runner', iss: idp.issuer, aud: 'sts.amazonaws.com', repo: 'acme/app' })
    expect(payload['https://aws.amazon.com/tags']).toEqual(tags)
    expect(payload.exp! - payload.iat!).toBe(600)
  })

  it('signs with the client’s alg and audience, and refuses an alg it publishes no key for', async () => {
    const token = await idp.token({ clientId: 'ec-client', alg: 'ES256', audience: 'urn:example:aud' })
    const { protectedHeader } = await verify(idp, token, 'urn:example:aud')
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'ec-1' })
    await expect(idp.token({ clientId: 'ed-client', alg: 'EdDSA' })).rejects.toThrow('test IdP publishes no EdDSA key (it has RS256, ES256)')
  })

  it('counts requests per path until reset', async () => {
    idp.requests.reset()
    await publishedKids(idp)
    await publishedKids(idp)
    expect(idp.requests.count('/jwks')).toBe(2)
    expect(idp.requests.count('/.well-known/openid-configuration')).toBe(2)
    idp.requests.reset()
    expect(idp.requests.count('/jwks')).toBe(0)
  })

  it('adds the configured headers to the JWKS response only', async () => {
    const { jwks_uri } = await discover(idp)
    expect((await fetch(jwks_uri)).headers.get('cache-control')).toBeNull()
    idp.setJwksHeaders({ 'cache-control': 'max-age=120' })
    expect((await fetch(jwks_uri)).headers.get('cache-control')).toBe('max-age=120')
    expect((await fetch(discoveryUrl(idp))).headers.get('cache-control')).not.toBe('max-age=120')
    idp.setJwksHeaders({})
  })

  it('becomes unreachable and reachable again on the same port', async () => {
    await idp.setReachable(false)
    // A kept-alive socket may fail as reset rather than refused: either way the fetch fails.
    await expect(fetch(discoveryUrl(idp))).rejects.toThrow('fetch failed')
    const refused = connect(Number(new URL(idp.issuer).port), '127.0.0.1')
    await expect(once(refused, 'connect')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await idp.setReachable(true)
    expect((await discover(idp)).issuer).toBe(idp.issuer)
  })
})

describe('test OIDC IdP key rotation', () => {
  it('signs with the next key while still publishing the old one, then drops the old one', async () => {
    const idp = await startTestIdp()
    try {
      const [oldKey] = idp.keys
      const before = await idp.token({ clientId: 'app' })
      expect(decodeProtectedHeader(before).kid).toBe(oldKey!.kid)

      const next = await generateIdpKey('RS256', 'rsa-next')
      await idp.rotate(next)
      expect(idp.keys.map((key) => key.kid)).toEqual(['rsa-next', oldKey!.kid])
      const after = await idp.token({ clientId: 'app' })
      expect(decodeProtectedHeader(after).kid).toBe('rsa-next')
      await verify(idp, after)
      await verify(idp, before)

      await idp.rotate(next, [next])
      expect(await publishedKids(idp)).toEqual(['rsa-next'])
      await expect(verify(idp, before)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' })
    } finally {
      await idp.close()
    }
  })
})

describe('test OIDC IdP under an issuer path', () => {
  it('serves discovery, jwks and token endpoints under the path', async () => {
    const idp = await startTestIdp({ path: '/tenant-a' })
    try {
      expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tenant-a$/)
      const discovery = await discover(idp)
      expect(discovery).toMatchObject({ issuer: idp.issuer, jwks_uri: `${idp.issuer}/jwks`, token_endpoint: `${idp.issuer}/token` })
      expect((await fetch(new URL('/.well-known/openid-configuration', idp.issuer))).status).toBe(404)
      const { payload } = await verify(idp, await idp.token({ clientId: 'tenant-app' }))
      expect(payload.iss).toBe(idp.issuer)
      expect(idp.requests.count('/tenant-a/jwks')).toBe(1)
      expect(idp.requests.count('/tenant-a/.well-known/openid-configuration')).toBe(2)
      expect(idp.requests.count('/.well-known/openid-configuration')).toBe(1)
    } finally {
      await idp.close()
    }
  })
})

describe('signToken', () => {
  it('signs arbitrary claims with header overrides', async () => {
    const key = await generateIdpKey('EdDSA', 'ed-1')
    const token = await signToken(key, { iss: 'https://evil.example', exp: 'never' }, { typ: 'at+jwt' })
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: 'ed-1', typ: 'at+jwt' })
    await expect(jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }))).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'exp' })
  })
})

describe('test OIDC IdP over https with a private CA', () => {
  it('is refused without its CA and trusted by a process started with NODE_EXTRA_CA_CERTS', async () => {
    const idp = await startTestIdp({ https: true })
    try {
      expect(idp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      await expect(fetch(discoveryUrl(idp))).rejects.toMatchObject({ cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } })

      const script = 'fetch(process.argv[1]).then((r) => r.json()).then((j) => console.log(j.issuer))'
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, discoveryUrl(idp)], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: idp.caFile },
      })
      expect(stdout.trim()).toBe(idp.issuer)
      expect(decodeProtectedHeader(await idp.token({ clientId: 'tls-app' })).typ).toBe('at+jwt')
    } finally {
      await idp.close()
    }
  })
})
