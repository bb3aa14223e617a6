import { createLocalJWKSet, errors as jose, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose'
import { isPlainObject } from '../../is-plain-object.ts'
import { IdpUnavailable } from '../errors.ts'
import { fetchIdpJson, isFetchableUrl, type IdpDocument, type IdpFetchPolicy } from './idp-fetch.ts'

/**
 * How long a provider's key set is trusted: its Cache-Control max-age, kept between a floor (an
 * IdP saying no-store is not fetched on every token) and a ceiling (a key the IdP withdrew is
 * refused within 10 minutes); 5 minutes when the IdP says nothing.
 */
export const KEY_SET_CACHE = { floorMs: 60_000, defaultMs: 300_000, ceilingMs: 600_000 } as const
/** A token naming a key the set lacks refetches it at most once per cooldown (as jose's remote sets do). */
export const UNKNOWN_KEY_COOLDOWN_MS = 30_000
/** After a failed fetch, requests fail at once for this long: an IdP that is down is not asked on every token. */
export const FAILED_FETCH_RETRY_MS = 10_000
// Past this share of its lifetime a key set in use is refreshed in the background, so a busy
// provider's tokens never wait for a fetch.
const REFRESH_AT = 0.75
const MAX_KEYS = 100
const MAX_PROVIDERS = 1_000
const ASYMMETRIC_KEY_TYPES = new Set(['RSA', 'EC', 'OKP'])
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

export interface ProviderKeySetsDeps {
  readonly fetchPolicy: IdpFetchPolicy
  readonly now: () => number
  /** Why a fetch failed (for operators; the caller only learns IDPCommunicationError). */
  readonly warn: (fields: Record<string, unknown>, message: string) => void
  /** Tests swap the network; production uses fetchIdpJson. */
  readonly fetchJson?: (url: URL, policy: IdpFetchPolicy) => Promise<IdpDocument>
}

interface CachedKeySet {
  readonly getKey: JWTVerifyGetKey
  readonly refreshAt: number
  readonly expiresAt: number
}

/**
 * The signing keys of registered OIDC providers, found by OIDC Discovery
 * (`<issuer>/.well-known/openid-configuration` → `jwks_uri`) and cached per issuer. The issuer
 * is always a registered provider URL, never one read from a token (no fetch for strangers).
 * Concurrent needs of one issuer share one fetch.
 */
export class ProviderKeySets {
  readonly #cached = new Map<string, CachedKeySet>()
  readonly #fetching = new Map<string, Promise<CachedKeySet>>()
  readonly #lastFetchAt = new Map<string, number>()
  readonly #failures = new Map<string, { readonly error: IdpUnavailable; readonly at: number }>()

  constructor(private readonly deps: ProviderKeySetsDeps) {}

  /** jose's key lookup for tokens of `issuer`; throws IdpUnavailable when the key set cannot be had. */
  keysOf(issuer: string): JWTVerifyGetKey {
    return async (header, token) => {
      const keySet = await this.#current(issuer)
      try {
        return await keySet.getKey(header, token)
      } catch (error) {
        // A key the set lacks may be the IdP's new one (rotation): look again, unless we just did.
        if (!(error instanceof jose.JWKSNoMatchingKey) || this.#coolingDown(issuer)) throw error
        return (await this.#refresh(issuer)).getKey(header, token)
      }
    }
  }

  async #current(issuer: string): Promise<CachedKeySet> {
    const cached = this.#cached.get(issuer)
    const now = this.deps.now()
    if (!cached || now >= cached.expiresAt) {
      const failure = this.#failures.get(issuer)
      if (failure && now - failure.at < FAILED_FETCH_RETRY_MS) throw failure.error
      return this.#refresh(issuer)
    }
    if (now >= cached.refreshAt && !this.#fetching.has(issuer)) {
      // The failure is logged by #fetch; the cached set stays good until it expires.
      this.#refresh(issuer).catch(() => undefined)
    }
    return cached
  }

  #coolingDown(issuer: string): boolean {
    const last = this.#lastFetchAt.get(issuer)
    return last !== undefined && this.deps.now() - last < UNKNOWN_KEY_COOLDOWN_MS
  }

  #refresh(issuer: string): Promise<CachedKeySet> {
    let fetching = this.#fetching.get(issuer)
    if (!fetching) {
      fetching = this.#fetch(issuer).finally(() => this.#fetching.delete(issuer))
      this.#fetching.set(issuer, fetching)
    }
    return fetching
  }

  async #fetch(issuer: string): Promise<CachedKeySet> {
    const startedAt = this.deps.now()
    if (this.#lastFetchAt.size >= MAX_PROVIDERS) this.#lastFetchAt.clear()
    this.#lastFetchAt.set(issuer, startedAt)
    try {
      const { keys, maxAgeSeconds } = await this.#download(issuer)
      const ttl = Math.min(Math.max((maxAgeSeconds ?? KEY_SET_CACHE.defaultMs / 1000) * 1000, KEY_SET_CACHE.floorMs), KEY_SET_CACHE.ceilingMs)
      const keySet = { getKey: createLocalJWKSet(keys), refreshAt: startedAt + ttl * REFRESH_AT, expiresAt: startedAt + ttl }
      if (this.#cached.size >= MAX_PROVIDERS) this.#cached.clear()
      this.#cached.set(issuer, keySet)
      this.#failures.delete(issuer)
      return keySet
    } catch (error) {
      this.deps.warn({ issuer, reason: (error as Error).message }, 'could not fetch the signing keys of an OIDC provider')
      const unavailable = error instanceof IdpUnavailable ? error : new IdpUnavailable((error as Error).message, { cause: error })
      if (this.#failures.size >= MAX_PROVIDERS) this.#failures.clear()
      this.#failures.set(issuer, { error: unavailable, at: startedAt })
      throw unavailable
    }
  }

  async #download(issuer: string): Promise<{ keys: JSONWebKeySet; maxAgeSeconds: number | undefined }> {
    const fetchJson = this.deps.fetchJson ?? fetchIdpJson
    const policy = this.deps.fetchPolicy
    // OIDC Discovery 1.0 §4: the issuer without a trailing slash, then the well-known path.
    const discovery = (await fetchJson(new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`), policy)).json
    if (!isPlainObject(discovery) || discovery.issuer !== issuer) {
      // §4.3: the document must name exactly the issuer it was fetched for.
      throw new IdpUnavailable(`the discovery document of ${issuer} names another issuer`)
    }
    const jwksUri = typeof discovery.jwks_uri === 'string' ? parseUrl(discovery.jwks_uri) : undefined
    if (!jwksUri || !isFetchableUrl(jwksUri, policy)) throw new IdpUnavailable(`the discovery document of ${issuer} has no usable jwks_uri`)
    const document = await fetchJson(jwksUri, policy)
    const keys = isPlainObject(document.json) && Array.isArray(document.json.keys) ? document.json.keys.filter(isVerificationKey).slice(0, MAX_KEYS) : []
    if (keys.length === 0) throw new IdpUnavailable(`the key set of ${issuer} has no public signing key`)
    return { keys: { keys }, maxAgeSeconds: document.maxAgeSeconds }
  }
}

/** A public, asymmetric key for signatures: an HMAC secret, an encryption key or a private key in a JWKS is ignored. */
function isVerificationKey(key: unknown): key is JWK {
  if (!isPlainObject(key) || typeof key.kty !== 'string' || !ASYMMETRIC_KEY_TYPES.has(key.kty)) return false
  if (key.use !== undefined && key.use !== 'sig') return false
  return PRIVATE_MEMBERS.every((member) => !(member in key))
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
