import { IdpUnavailable } from '../errors.ts'

/** Where and how stsgate fetches an identity provider's public documents. */
export interface IdpFetchPolicy {
  /** Development only (STSGATE_OIDC_ALLOW_HTTP_LOOPBACK): plain http on a loopback host. */
  readonly allowHttpLoopback: boolean
  /** For the whole fetch, redirects and body included. */
  readonly timeoutMs: number
}

/** A JSON document and how long its server lets it be cached (Cache-Control max-age), if it says. */
export interface IdpDocument {
  readonly json: unknown
  readonly maxAgeSeconds: number | undefined
}

// Discovery documents and key sets are a few KiB (Google's JWKS: 2 KiB); a megabyte answer is
// an attack or a mistake either way.
const MAX_BODY_BYTES = 256 * 1024
const MAX_REDIRECTS = 3
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/**
 * True when stsgate may fetch from `url`: https (trusting Node's CA store, which
 * NODE_EXTRA_CA_CERTS extends for private CAs), or http on a loopback host when the
 * development setting allows it; never with credentials in the URL.
 */
export function isFetchableUrl(url: URL, policy: Pick<IdpFetchPolicy, 'allowHttpLoopback'>): boolean {
  if (url.username !== '' || url.password !== '') return false
  return url.protocol === 'https:' || (url.protocol === 'http:' && policy.allowHttpLoopback && LOOPBACK_HOSTS.has(url.hostname))
}

/**
 * GETs a JSON document from an identity provider. Redirects are followed only within the same
 * origin (a key set must not move to another host), at most three; the answer must be 200 and at
 * most 256 KiB. Throws IdpUnavailable for every failure.
 */
export async function fetchIdpJson(url: URL, policy: IdpFetchPolicy): Promise<IdpDocument> {
  if (!isFetchableUrl(url, policy)) throw new IdpUnavailable(`${url.origin} is not an https URL stsgate may fetch`)
  const signal = AbortSignal.timeout(policy.timeoutMs)
  let current = url
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(current, { redirect: 'manual', signal, headers: { accept: 'application/json' } })
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel()
        const next = new URL(response.headers.get('location') ?? '', current)
        if (redirects >= MAX_REDIRECTS || next.origin !== url.origin || !isFetchableUrl(next, policy)) {
          throw new IdpUnavailable(`${current.href} redirects to ${next.origin}, outside ${url.origin}`)
        }
        current = next
        continue
      }
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new IdpUnavailable(`${current.href} answered HTTP ${response.status}`)
      }
      const json = parseJson(await readCapped(response, current), current)
      return { json, maxAgeSeconds: maxAgeOf(response.headers.get('cache-control')) }
    }
  } catch (error) {
    if (error instanceof IdpUnavailable) throw error
    throw new IdpUnavailable(`${current.href} could not be fetched: ${reasonOf(error)}`, { cause: error })
  }
}

/** fetch says only "fetch failed"; why (an untrusted certificate, a refused connection) is in its cause. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const detail = cause?.code ?? cause?.message
  return detail ? `${(error as Error).message} (${detail})` : (error as Error).message
}

async function readCapped(response: Response, url: URL): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) throw new IdpUnavailable(`${url.href} sent ${declared} bytes, over ${MAX_BODY_BYTES}`)
  const chunks: Uint8Array[] = []
  let length = 0
  const reader = response.body?.getReader()
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    length += read.value.length
    if (length > MAX_BODY_BYTES) {
      await reader!.cancel()
      throw new IdpUnavailable(`${url.href} sent more than ${MAX_BODY_BYTES} bytes`)
    }
    chunks.push(read.value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string, url: URL): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new IdpUnavailable(`${url.href} did not answer JSON`)
  }
}

/** Seconds from `max-age` (`no-store` / `no-cache`: 0); undefined when the header says nothing usable. */
export function maxAgeOf(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i.exec(cacheControl)
  return match ? Number(match[1]) : undefined
}
