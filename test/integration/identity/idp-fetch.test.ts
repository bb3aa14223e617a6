import { once } from 'node:events'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IdpUnavailable } from '../../../src/identity/errors.ts'
import { fetchIdpJson, isFetchableUrl, maxAgeOf } from '../../../src/identity/oidc/idp-fetch.ts'

// How stsgate fetches an identity provider's documents, against real HTTP servers on loopback.

type Handler = (req: IncomingMessage, res: ServerResponse) => void

async function serve(handler: Handler): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = []
  const server = http.createServer((req, res) => { hits.push(req.url!); handler(req, res) })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: async () => { server.closeAllConnections(); server.close() },
  }
}

const LOOPBACK = { allowHttpLoopback: true, timeoutMs: 2_000 }
const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))

let idp: Awaited<ReturnType<typeof serve>>
let elsewhere: Awaited<ReturnType<typeof serve>>

beforeAll(async () => {
  elsewhere = await serve((_req, res) => json(res, { keys: [] }))
  idp = await serve((req, res) => {
    const hops = /^\/hops\/(\d+)$/.exec(req.url!)
    if (hops) return res.writeHead(302, { location: Number(hops[1]) > 0 ? `/hops/${Number(hops[1]) - 1}` : '/doc' }).end()
    switch (req.url) {
      case '/doc': return json(res, { ok: true }, { 'cache-control': 'public, max-age=120' })
      case '/away': return res.writeHead(302, { location: `${elsewhere.url}/jwks` }).end()
      case '/missing': return res.writeHead(404).end('no')
      case '/html': return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>')
      case '/huge': {
        const body = JSON.stringify({ keys: 'x'.repeat(300 * 1024) })
        return res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body)
      }
      case '/endless': {
        // No content-length: the cap must hold while reading.
        res.writeHead(200, { 'content-type': 'application/json' })
        const chunk = 'x'.repeat(64 * 1024)
        const timer = setInterval(() => res.write(chunk), 1)
        res.on('close', () => clearInterval(timer))
        return
      }
      case '/slow': return // never answers
      default: return res.writeHead(500).end()
    }
  })
})
afterAll(async () => { await idp.close(); await elsewhere.close() })

const refusal = async (path: string, policy = LOOPBACK) => {
  const error = await fetchIdpJson(new URL(`${idp.url}${path}`), policy).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(IdpUnavailable)
  return (error as Error).message
}

describe('fetching an identity provider document', () => {
  it('reads JSON and its Cache-Control max-age', async () => {
    expect(await fetchIdpJson(new URL(`${idp.url}/doc`), LOOPBACK)).toEqual({ json: { ok: true }, maxAgeSeconds: 120 })
  })

  it('follows up to three redirects within the origin, no more', async () => {
    expect((await fetchIdpJson(new URL(`${idp.url}/hops/2`), LOOPBACK)).json).toEqual({ ok: true })
    expect(await refusal('/hops/3')).toMatch(/redirects/)
  })

  it('refuses a redirect to another origin without following it', async () => {
    elsewhere.hits.length = 0
    expect(await refusal('/away')).toMatch(/redirects to http:\/\/127\.0\.0\.1:\d+, outside/)
    expect(elsewhere.hits).toEqual([])
  })

  it.each([
    ['/missing', /answered HTTP 404/],
    ['/html', /did not answer JSON/],
    ['/huge', /sent 3\d{5} bytes, over 262144/],
    ['/endless', /sent more than 262144 bytes/],
  ])('refuses %s', async (path, reason) => {
    expect(await refusal(path)).toMatch(reason)
  })

  it('gives up after its timeout', async () => {
    const started = Date.now()
    expect(await refusal('/slow', { allowHttpLoopback: true, timeoutMs: 300 })).toMatch(/could not be fetched/)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('fetches plain http only from a loopback host, and only when the development setting allows it', async () => {
    const before = idp.hits.length
    expect(await refusal('/doc', { allowHttpLoopback: false, timeoutMs: 1_000 })).toMatch(/is not an https URL/)
    expect(idp.hits.length).toBe(before)
    const https = { allowHttpLoopback: false }
    expect(isFetchableUrl(new URL('https://idp.example/x'), https)).toBe(true)
    expect(isFetchableUrl(new URL('https://user:pw@idp.example/x'), https)).toBe(false)
    expect(isFetchableUrl(new URL('http://127.0.0.1:1/x'), https)).toBe(false)
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) expect(isFetchableUrl(new URL(`http://${host}:1/x`), LOOPBACK)).toBe(true)
    expect(isFetchableUrl(new URL('http://idp.example/x'), LOOPBACK)).toBe(false)
    expect(isFetchableUrl(new URL('http://127.0.0.2/x'), LOOPBACK)).toBe(false)
  })
})

describe('Cache-Control max-age', () => {
  it.each([
    [null, undefined],
    ['public', undefined],
    ['max-age=600', 600],
    ['public, max-age=19845, must-revalidate, no-transform', 19845],
    ['MAX-AGE="60"', 60],
    ['s-maxage=10', undefined],
    ['no-store', 0],
    ['private, no-cache', 0],
    ['max-age=abc', undefined],
  ])('%s -> %s', (header, seconds) => {
    expect(maxAgeOf(header)).toBe(seconds)
  })
})
