import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair } from 'jose'
import type { CompactJWSHeaderParameters, CryptoKey, JWK } from 'jose'
// @ts-expect-error oidc-provider ships no type declarations; the little used here is typed below.
import Provider from 'oidc-provider'

export interface TestIdpKey {
  readonly kid: string
  readonly alg: 'RS256' | 'ES256' | 'PS256' | 'EdDSA'
  /** private JWK (with kid, alg, use: 'sig') */
  readonly privateJwk: JWK
  readonly privateKey: CryptoKey
  readonly publicJwk: JWK
}

export interface TestIdpClient {
  readonly clientId: string
  /** The `aud` of its access tokens (default 'sts.amazonaws.com'). */
  readonly audience?: string
  /** Extra claims added to every access token issued to this client. */
  readonly claims?: Record<string, unknown>
  /** JWS alg of its tokens (default: the alg of the signing key). */
  readonly alg?: TestIdpKey['alg']
}

export interface TestIdp {
  /** The issuer URL, e.g. http://127.0.0.1:PORT (no trailing slash unless `path` was given with one). */
  readonly issuer: string
  /** PEM file of the CA that signed the https server certificate (undefined for http). */
  readonly caFile: string | undefined
  /** The keys the IdP publishes, signing key first. */
  readonly keys: readonly TestIdpKey[]
  /**
   * A real JWT access token (typ at+jwt, sub = clientId) from the client-credentials grant.
   * Registers the client on first use; later calls may change its audience, claims or alg.
   */
  token(client: TestIdpClient): Promise<string>
  /** Signs with `next` from now on and publishes `publish` (default [next, ...current keys]); same server and issuer. */
  rotate(next: TestIdpKey, publish?: readonly TestIdpKey[]): Promise<void>
  /**
   * Requests per request path, issuer path included ('/tenant-a/jwks'): a relying party that
   * looks for discovery at the origin instead of under the issuer path shows up as such.
   */
  readonly requests: { count(path: string): number; reset(): void }
  /** Closes the listener and its connections (new ones are refused), or listens again on the same port. */
  setReachable(reachable: boolean): Promise<void>
  /** Headers added to JWKS responses (oidc-provider sends no cache headers). */
  setJwksHeaders(headers: Record<string, string>): void
  close(): Promise<void>
}

interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void
  on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): void
}

const RESOURCE = 'urn:stsgate:test'
const DEFAULT_AUDIENCE = 'sts.amazonaws.com'
const run = promisify(execFile)

export async function generateIdpKey(alg: TestIdpKey['alg'], kid?: string): Promise<TestIdpKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const publicParts = await exportJWK(publicKey)
  const keyId = kid ?? (await calculateJwkThumbprint(publicParts))
  const tag = { kid: keyId, alg, use: 'sig' }
  return { kid: keyId, alg, privateKey, privateJwk: { ...(await exportJWK(privateKey)), ...tag }, publicJwk: { ...publicParts, ...tag } }
}

/** Signs arbitrary claims with `key`, for hand-crafted (attack) tokens; `header` overrides the defaults. */
export async function signToken(key: TestIdpKey, claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string> {
  const protectedHeader = { alg: key.alg, kid: key.kid, typ: 'JWT', ...header } as CompactJWSHeaderParameters
  // CompactSign rather than SignJWT: claims go out byte for byte, even ill-typed ones.
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(protectedHeader).sign(key.privateKey)
}

// JWT access tokens are never stored (oidc-provider persists only opaque artefacts), so nothing
// needs an adapter; supplying one also keeps the "in-memory adapter" warning quiet.
class StatelessAdapter {
  async upsert(): Promise<void> {}
  async find(): Promise<undefined> { return undefined }
  async findByUserCode(): Promise<undefined> { return undefined }
  async findByUid(): Promise<undefined> { return undefined }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = stsgate test CA
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`

async function issueServerCertificate(dir: string): Promise<{ caFile: string; ca: Buffer; key: Buffer; cert: Buffer }> {
  const file = (name: string) => path.join(dir, name)
  await writeFile(file('openssl.cnf'), OPENSSL_CONFIG)
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
  await run('openssl', ['req', '-x509', '-config', file('openssl.cnf'), '-extensions', 'ca', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem')])
  await run('openssl', [
    'req', '-x509', '-config', file('openssl.cnf'), '-extensions', 'server', '-subj', '/CN=127.0.0.1',
    '-CA', file('ca.pem'), '-CAkey', file('ca.key'), ...ec, '-keyout', file('server.key'), '-out', file('server.pem'),
  ])
  const [ca, key, cert] = await Promise.all(['ca.pem', 'server.key', 'server.pem'].map((name) => readFile(file(name))))
  return { caFile: file('ca.pem'), ca: ca!, key: key!, cert: cert! }
}

export async function startTestIdp(options: { keys?: readonly TestIdpKey[]; https?: boolean; path?: string } = {}): Promise<TestIdp> {
  let keys: readonly TestIdpKey[] = options.keys ?? [await generateIdpKey('RS256')]
  if (keys.length === 0) throw new TypeError('startTestIdp: keys must not be empty')
  if (options.path !== undefined && !options.path.startsWith('/')) throw new TypeError('startTestIdp: path must start with /')
  const clients = new Map<string, TestIdpClient>()
  const clientSecret = randomBytes(16).toString('hex')
  const counts = new Map<string, number>()
  let jwksHeaders: Record<string, string> = {}
  let serverError: Error | undefined
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => {}
  const mount = (options.path ?? '').replace(/\/$/, '')

  const dir = options.https ? await mkdtemp(path.join(tmpdir(), 'stsgate-idp-')) : undefined
  const tls = dir ? await issueServerCertificate(dir) : undefined

  const route = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/'
    const pathname = url.split('?')[0] ?? '/'
    counts.set(pathname, (counts.get(pathname) ?? 0) + 1)
    if (pathname !== mount && !pathname.startsWith(`${mount}/`)) {
      res.writeHead(404).end()
      return
    }
    if (pathname === `${mount}/jwks`) for (const [name, value] of Object.entries(jwksHeaders)) res.setHeader(name, value)
    // What Express does for app.use(mount, ...): oidc-provider derives its endpoint URLs from
    // originalUrl minus url, so discovery, jwks and token all stay under the issuer path.
    Object.assign(req, { originalUrl: url, url: url.slice(mount.length) || '/' })
    handle(req, res)
  }
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, route) : http.createServer(route)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const issuer = `${tls ? 'https' : 'http'}://127.0.0.1:${port}${options.path ?? ''}`

  const signingKid = (alg: TestIdpKey['alg']) => {
    const key = keys.find((candidate) => candidate.alg === alg)
    if (!key) throw new TypeError(`test IdP publishes no ${alg} key (it has ${keys.map((k) => k.alg).join(', ')})`)
    return key.kid
  }

  // oidc-provider fixes clients and keys at construction, so a new client or a rotation swaps
  // the instance behind the same server; issued tokens are stateless JWTs and stay valid.
  const rebuild = () => {
    const provider: OidcProvider = new Provider(issuer, {
      adapter: StatelessAdapter,
      clients: [...clients.keys()].map((id) => ({
        client_id: id, client_secret: clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
      })),
      jwks: { keys: keys.map((key) => key.privateJwk) },
      // Clients default to RS256 ID tokens; without an RS256 key every client is rejected as
      // invalid_client_metadata, even one that never gets an ID token.
      clientDefaults: { id_token_signed_response_alg: keys[0]!.alg },
      ttl: { ClientCredentials: 600 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => RESOURCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, _resource: string, client: { clientId: string }) => {
            const registered = clients.get(client.clientId)
            const alg = registered?.alg ?? keys[0]!.alg
            return {
              scope: '',
              audience: registered?.audience ?? DEFAULT_AUDIENCE,
              accessTokenFormat: 'jwt',
              accessTokenTTL: 600,
              jwt: { sign: { alg, kid: signingKid(alg) } },
            }
          },
        },
      },
      extraTokenClaims: (_ctx: unknown, token: { clientId: string }) => clients.get(token.clientId)?.claims,
    })
    provider.on('server_error', (_ctx, error) => {
      serverError = error
      console.error('test IdP server_error:', error)
    })
    handle = provider.callback()
  }
  rebuild()

  const postToken = (clientId: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const base = issuer.endsWith('/') ? issuer : `${issuer}/`
      const request = (tls ? https : http).request(new URL('token', base), {
        method: 'POST',
        ...(tls ? { ca: tls.ca } : {}),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${clientSecret}`).toString('base64')}`,
        },
      }, (response) => {
        let text = ''
        response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
      })
      request.on('error', reject).end(`grant_type=client_credentials&resource=${encodeURIComponent(RESOURCE)}`)
    })

  const setReachable = async (reachable: boolean) => {
    if (reachable === server.listening) return
    if (reachable) {
      server.listen(port, '127.0.0.1')
      await once(server, 'listening')
    } else {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    }
  }

  return {
    issuer,
    caFile: tls?.caFile,
    get keys() { return keys },
    async token(client) {
      const known = clients.has(client.clientId)
      clients.set(client.clientId, client)
      if (!known) rebuild()
      signingKid(client.alg ?? keys[0]!.alg)
      serverError = undefined
      const { status, text } = await postToken(client.clientId)
      if (status !== 200) throw new Error(`test IdP token endpoint answered ${status}: ${text}`, { cause: serverError })
      return (JSON.parse(text) as { access_token: string }).access_token
    },
    async rotate(next, publish = [next, ...keys.filter((key) => key.kid !== next.kid)]) {
      if (!publish.includes(next)) throw new TypeError('rotate: publish must include the next signing key')
      keys = [next, ...publish.filter((key) => key !== next)]
      rebuild()
    },
    requests: { count: (name) => counts.get(name) ?? 0, reset: () => counts.clear() },
    setReachable,
    setJwksHeaders(headers) { jwksHeaders = { ...headers } },
    async close() {
      await setReachable(false)
      if (dir) await rm(dir, { recursive: true, force: true })
    },
  }
}
