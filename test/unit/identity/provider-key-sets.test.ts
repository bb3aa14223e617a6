import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { IdpUnavailable } from '../../../src/identity/errors.ts'
import type { IdpDocument } from '../../../src/identity/oidc/idp-fetch.ts'
import { FAILED_FETCH_RETRY_MS, KEY_SET_CACHE, ProviderKeySets, UNKNOWN_KEY_COOLDOWN_MS } from '../../../src/identity/oidc/provider-key-sets.ts'

// The key-set cache over an in-memory network (the one seam tests swap, with the clock): how
// often it fetches, what it keeps, what it refuses. test/integration covers the real HTTP path.

const ISSUER = 'https://idp.example/tenant'
const DISCOVERY = 'https://idp.example/tenant/.well-known/openid-configuration'
const JWKS = 'https://keys.idp.example/jwks'

interface Signer { kid: string; jwk: JWK; sign(): Promise<string> }

async function signer(kid: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }
  return { kid, jwk, sign: () => new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey) }
}

/** An IdP on a fake network: what it serves, and every URL asked for. */
function network(keys: () => JWK[], jwksCacheControl?: number) {
  const fetched: string[] = []
  let gate: Promise<void> | undefined
  let failing = false
  const fetchJson = async (url: URL): Promise<IdpDocument> => {
    fetched.push(url.href)
    await gate
    if (failing) throw new IdpUnavailable('connection refused')
    if (url.href === DISCOVERY) return { json: { issuer: ISSUER, jwks_uri: JWKS }, maxAgeSeconds: undefined }
    if (url.href === JWKS) return { json: { keys: keys() }, maxAgeSeconds: jwksCacheControl }
    throw new IdpUnavailable(`404 ${url.href}`)
  }
  return {
    fetched,
    fetchJson,
    jwksFetches: () => fetched.filter((url) => url === JWKS).length,
    hold(): () => void { let release!: () => void; gate = new Promise((resolve) => { release = resolve }); return () => { gate = undefined; release() } },
    fail(value: boolean) { failing = value },
  }
}

function keySets(net: ReturnType<typeof network>) {
  let now = 1_000_000
  const warnings: string[] = []
  const sets = new ProviderKeySets({
    fetchPolicy: { allowHttpLoopback: false, timeoutMs: 1000 },
    now: () => now,
    warn: (fields) => { warnings.push(String(fields.reason)) },
    fetchJson: net.fetchJson,
  })
  return { sets, warnings, advance: (ms: number) => { now += ms } }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

let a: Signer
let b: Signer
beforeAll(async () => { [a, b] = await Promise.all([signer('a'), signer('b')]) })

describe('provider key sets', () => {
  it('finds the keys by discovery, then answers from the cache without fetching', async () => {
    const net = network(() => [a.jwk])
    const { sets } = keySets(net)
    await jwtVerify(await a.sign(), sets.keysOf(ISSUER))
    await jwtVerify(await a.sign(), sets.keysOf(ISSUER))
    expect(net.fetched).toEqual([DISCOVERY, JWKS])
  })

  it('shares one fetch between concurrent first uses', async () => {
    const net = network(() => [a.jwk])
    const { sets } = keySets(net)
    const release = net.hold()
    const verifications = Array.from({ length: 20 }, async () => jwtVerify(await a.sign(), sets.keysOf(ISSUER)))
    await settle()
    release()
    await Promise.all(verifications)
    expect(net.jwksFetches()).toBe(1)
  })

  it.each([
    [undefined, KEY_SET_CACHE.defaultMs],
    [0, KEY_SET_CACHE.floorMs],
    [30, KEY_SET_CACHE.floorMs],
    [120, 120_000],
    [86_400, KEY_SET_CACHE.ceilingMs],
  ])('keeps a key set with max-age %s for %s ms, refreshing in the background after three quarters of it', async (maxAge, lifetimeMs) => {
    let published = [a.jwk]
    const net = network(() => published, maxAge)
    const { sets, advance } = keySets(net)
    const token = await a.sign()
    await jwtVerify(token, sets.keysOf(ISSUER))
    published = [b.jwk]

    advance(lifetimeMs * 0.75 - 1)
    await jwtVerify(token, sets.keysOf(ISSUER))
    expect(net.jwksFetches()).toBe(1)

    // Past three quarters: this request is answered from the cache while the refresh runs…
    advance(1)
    const release = net.hold()
    await jwtVerify(token, sets.keysOf(ISSUER))
    release()
    await settle()
    expect(net.jwksFetches()).toBe(2)
    // …and the refreshed set no longer has the withdrawn key.
    await expect(jwtVerify(token, sets.keysOf(ISSUER))).rejects.toThrow(/no applicable key/i)
  })

  it('fetches again before answering once the cached set has expired', async () => {
    let published = [a.jwk]
    const net = network(() => published)
    const { sets, advance } = keySets(net)
    const token = await a.sign()
    await jwtVerify(token, sets.keysOf(ISSUER))
    published = [b.jwk]
    advance(KEY_SET_CACHE.defaultMs)
    await expect(jwtVerify(token, sets.keysOf(ISSUER))).rejects.toThrow(/no applicable key/i)
    expect(net.jwksFetches()).toBe(2)
  })

  it('looks again for an unknown kid (the IdP rotated), at most once per cooldown', async () => {
    let published = [a.jwk]
    const net = network(() => published)
    const { sets, advance } = keySets(net)
    await jwtVerify(await a.sign(), sets.keysOf(ISSUER))
    published = [a.jwk, b.jwk]

    // Within the cooldown of the first fetch: refused without fetching, however many try.
    const early = await Promise.allSettled(Array.from({ length: 50 }, async () => jwtVerify(await b.sign(), sets.keysOf(ISSUER))))
    expect(early.every((outcome) => outcome.status === 'rejected')).toBe(true)
    expect(net.jwksFetches()).toBe(1)

    advance(UNKNOWN_KEY_COOLDOWN_MS)
    const later = await Promise.allSettled(Array.from({ length: 50 }, async () => jwtVerify(await b.sign(), sets.keysOf(ISSUER))))
    expect(later.every((outcome) => outcome.status === 'fulfilled')).toBe(true)
    expect(net.jwksFetches()).toBe(2)

    // A kid nobody publishes: one more look after the next cooldown, then none.
    const stranger = await signer('stranger')
    advance(UNKNOWN_KEY_COOLDOWN_MS)
    for (let i = 0; i < 5; i++) await expect(jwtVerify(await stranger.sign(), sets.keysOf(ISSUER))).rejects.toThrow(/no applicable key/i)
    expect(net.jwksFetches()).toBe(3)
  })

  it('answers at once while an IdP that failed is paused, then asks it again', async () => {
    const net = network(() => [a.jwk])
    const { sets, advance } = keySets(net)
    net.fail(true)
    for (let i = 0; i < 5; i++) await expect(jwtVerify(await a.sign(), sets.keysOf(ISSUER))).rejects.toBeInstanceOf(IdpUnavailable)
    expect(net.fetched).toEqual([DISCOVERY])
    net.fail(false)
    advance(FAILED_FETCH_RETRY_MS - 1)
    await expect(jwtVerify(await a.sign(), sets.keysOf(ISSUER))).rejects.toBeInstanceOf(IdpUnavailable)
    advance(1)
    await jwtVerify(await a.sign(), sets.keysOf(ISSUER))
    expect(net.fetched).toEqual([DISCOVERY, DISCOVERY, JWKS])
  })

  it('keeps only public asymmetric signature keys of a key set', async () => {
    const net = network(() => [
      { kty: 'oct', k: 'c2VjcmV0', kid: 'hs', alg: 'HS256' },
      { ...a.jwk, use: 'enc', kid: 'enc' },
      { ...a.jwk, kid: 'private', d: 'AAAA' },
      b.jwk,
    ])
    const { sets } = keySets(net)
    await jwtVerify(await b.sign(), sets.keysOf(ISSUER))
    const keysFor = sets.keysOf(ISSUER)
    for (const kid of ['hs', 'enc', 'private']) {
      await expect(keysFor({ alg: 'ES256', kid }, { payload: '', signature: '' } as never)).rejects.toThrow(/no applicable key/i)
    }
  })

  it.each([
    ['a discovery document naming another issuer', { issuer: 'https://idp.example/other', jwks_uri: JWKS }, /names another issuer/],
    ['a discovery document without jwks_uri', { issuer: ISSUER }, /no usable jwks_uri/],
    ['a plain-http jwks_uri', { issuer: ISSUER, jwks_uri: 'http://keys.idp.example/jwks' }, /no usable jwks_uri/],
  ])('refuses %s (IdpUnavailable), and says why to the operator', async (_name, discovery, reason) => {
    const warnings: string[] = []
    const sets = new ProviderKeySets({
      fetchPolicy: { allowHttpLoopback: false, timeoutMs: 1000 },
      now: () => 0,
      warn: (fields) => { warnings.push(String(fields.reason)) },
      fetchJson: async (url) => ({ json: url.href === DISCOVERY ? discovery : { keys: [a.jwk] }, maxAgeSeconds: undefined }),
    })
    await expect(jwtVerify(await a.sign(), sets.keysOf(ISSUER))).rejects.toBeInstanceOf(IdpUnavailable)
    expect(warnings).toEqual([expect.stringMatching(reason)])
  })

  it('refuses a key set without a usable key, and keeps a good cached set when a background refresh fails', async () => {
    const empty = network(() => [{ kty: 'oct', k: 'c2VjcmV0' }])
    await expect(jwtVerify(await a.sign(), keySets(empty).sets.keysOf(ISSUER))).rejects.toThrow(/no public signing key/)

    const net = network(() => [a.jwk])
    const { sets, advance, warnings } = keySets(net)
    const token = await a.sign()
    await jwtVerify(token, sets.keysOf(ISSUER))
    net.fail(true)
    advance(KEY_SET_CACHE.defaultMs * 0.8)
    await jwtVerify(token, sets.keysOf(ISSUER))
    await settle()
    expect(warnings).toEqual(['connection refused'])
    await jwtVerify(token, sets.keysOf(ISSUER))
    // Expired and still unreachable: nothing to verify with.
    advance(KEY_SET_CACHE.defaultMs)
    await expect(jwtVerify(token, sets.keysOf(ISSUER))).rejects.toBeInstanceOf(IdpUnavailable)
  })
})
