// AssumeRoleWithWebIdentity through stsgate on Postgres, with an RS256 and an ES256 token, each
// against a bare node:http server answering a body of the same size: the same measurement as
// bench/sts.ts (measureScenario: autocannon at full load, then a paced half-rate load), with
// unsigned requests. The identity provider is a minimal OIDC issuer served from this process
// (discovery and a JWKS with one RS256 and one ES256 public key, Cache-Control max-age=600), at
// http://127.0.0.1:PORT, which stsgate accepts with STSGATE_OIDC_ALLOW_HTTP_LOOPBACK=true (the
// development setting). stsgate fetches discovery and the JWKS once, at the first token, and
// every later request verifies against the cached keys: the load measures that hot path, not a
// fetch (a row reports the issuer's request counts to show it). One token per algorithm is
// replayed, as AWS accepts a web identity token until it expires.
// Before the servers start, and also without BENCH_DATABASE_URL: the cost of verifying each
// token in this process (jose jwtVerify with stsgate's options against a local key set, stsgate's
// verifyWebIdentityToken, and the signature check alone), per verify, one at a time (median of
// three rounds of 20,000 after a warm-up), in wall time, CPU time of all threads and CPU time of
// the main thread: jose verifies with WebCrypto, whose signature work runs on libuv's thread pool.
// BENCH_STS_PROFILE_DIR=DIR writes CPU profiles of stsgate there (bench/sts-servers.ts; one per
// JavaScript thread: the main thread's, and tsx's module loader's, busy only at start, but none of
// the thread pool); the main thread's busy phases, in order: RS256 full and half rate, then ES256
// full and half rate (the baseline runs leave it idle in between).
import { createPublicKey, verify as verifySync, type JsonWebKey as NodeJwk } from 'node:crypto'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose'
import { verifyOptions, verifyWebIdentityToken } from '../src/identity/oidc/verify-web-identity-token.ts'
import { Servers } from './sts-servers.ts'
import { measureScenario, type BenchRequest } from './sts.ts'
import { row } from './table.ts'
import { withTemporaryDatabase } from './temporary-database.ts'

const ACCOUNT = '123456789012'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/BenchWebIdentityRole`
const SUBJECT = 'bench-subject'
const AUDIENCE = 'sts.amazonaws.com'
/** stsgate's default STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE. */
const MAX_TOKEN_AGE_SECONDS = 3600
const ALGORITHMS = ['RS256', 'ES256'] as const
const WARM_UP = 2_000
const VERIFICATIONS = 20_000
const ROUNDS = 3

type Algorithm = (typeof ALGORITHMS)[number]

interface SigningKey {
  readonly alg: Algorithm
  readonly privateKey: CryptoKey
  readonly publicJwk: JWK
}

interface Issuer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  readonly url: string
  /** The provider id in ARNs and condition keys: the URL without its scheme. */
  readonly id: string
  readonly keys: readonly SigningKey[]
  readonly jwks: { keys: JWK[] }
  /** Requests per path so far. */
  readonly requests: Map<string, number>
  readonly server: Server
}

/** An OIDC issuer reduced to what a relying party fetches: discovery and the JWKS. */
async function startIssuer(): Promise<Issuer> {
  const keys = await Promise.all(ALGORITHMS.map(async (alg): Promise<SigningKey> => {
    const { privateKey, publicKey } = await generateKeyPair(alg)
    return { alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: `bench-${alg.toLowerCase()}`, alg, use: 'sig' } }
  }))
  const jwks = { keys: keys.map((key) => key.publicJwk) }
  const requests = new Map<string, number>()
  let url = ''
  const server = createServer((req, res) => {
    const route = req.url ?? ''
    requests.set(route, (requests.get(route) ?? 0) + 1)
    const document = route === '/.well-known/openid-configuration' ? { issuer: url, jwks_uri: `${url}/jwks` }
      : route === '/jwks' ? jwks : undefined
    if (document === undefined) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=600' }).end(JSON.stringify(document))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  url = `http://127.0.0.1:${port}`
  return { url, id: `127.0.0.1:${port}`, keys, jwks, requests, server }
}

/** A token as an IdP issues it: one hour from now, kid set, audience STS. */
async function tokenOf(issuer: Issuer, key: SigningKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.publicJwk.kid!, typ: 'JWT' })
    .setIssuer(issuer.url).setSubject(SUBJECT).setAudience(AUDIENCE)
    .setIssuedAt(now).setExpirationTime(now + 3600)
    .sign(key.privateKey)
}

/** The apply file: the issuer as an OIDC provider, and a role trusting its tokens for one subject. */
function configOf(issuer: Issuer): string {
  return JSON.stringify({
    version: 1,
    accounts: [{
      id: ACCOUNT,
      oidcProviders: [{ url: issuer.url, clientIds: [AUDIENCE] }],
      roles: [{
        name: 'BenchWebIdentityRole',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer.id}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${issuer.id}:sub`]: SUBJECT } },
          }],
        },
      }],
    }],
  }, null, 2)
}

export async function webIdentityBenchmarks(): Promise<void> {
  const issuer = await startIssuer()
  try {
    const tokens = new Map<Algorithm, string>()
    for (const key of issuer.keys) tokens.set(key.alg, await tokenOf(issuer, key))
    for (const key of issuer.keys) await verifyCosts(issuer, key, tokens.get(key.alg)!)
    const server = process.env.BENCH_DATABASE_URL
    if (!server) return
    await withTemporaryDatabase(server, (url) => measure(url, issuer, tokens))
  } finally {
    issuer.server.closeAllConnections()
    issuer.server.close()
  }
}

async function measure(databaseUrl: string, issuer: Issuer, tokens: ReadonlyMap<Algorithm, string>): Promise<void> {
  const servers = new Servers()
  const dir = await mkdtemp(path.join(tmpdir(), 'stsgate-bench-'))
  try {
    const configFile = path.join(dir, 'stsgate.yaml')
    await writeFile(configFile, configOf(issuer))
    const stsPort = 21000 + Math.floor(Math.random() * 1000)
    await servers.stsgate(stsPort, {
      DATABASE_URL: databaseUrl, STSGATE_MASTER_KEY: 'ab'.repeat(32), STSGATE_CONFIG: configFile,
      STSGATE_ACCOUNT_ID: ACCOUNT, STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true',
    })
    const requests = new Map(ALGORITHMS.map((alg) => [alg, requestOf(tokens.get(alg)!)]))
    const first = await timedCall(stsPort, requests.get('RS256')!)
    const second = await timedCall(stsPort, requests.get('RS256')!)
    row('first AssumeRoleWithWebIdentity after start (RS256; discovery + JWKS fetch), then the second', `${ms(first)}, then ${ms(second)}`)
    const baselines = new Map<number, number>() // body length -> port
    for (const alg of ALGORITHMS) {
      await measureScenario({
        action: `AssumeRoleWithWebIdentity (${alg})`,
        label: `AssumeRoleWithWebIdentity (${alg} token, ${requests.get(alg)!.body.length}-byte request), Postgres, JWT verify with cached JWKS + trust policy + sealed token + audit write`,
        targetPercent: 40,
      }, requests.get(alg)!, servers, stsPort, baselines)
    }
    const count = (route: string) => issuer.requests.get(route) ?? 0
    row('issuer requests during the whole run (discovery, JWKS)', `${count('/.well-known/openid-configuration')}, ${count('/jwks')}`)
  } finally {
    await servers.stopAll()
    await rm(dir, { recursive: true, force: true })
  }
}

/** An unsigned AssumeRoleWithWebIdentity, as the SDKs send it. */
function requestOf(token: string): BenchRequest {
  const body = new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: ROLE_ARN, RoleSessionName: 'bench', WebIdentityToken: token,
  }).toString()
  return { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }
}

/** Milliseconds one call takes, checking that it is answered with 200. */
async function timedCall(port: number, request: BenchRequest): Promise<number> {
  const start = performance.now()
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: request.headers, body: request.body })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`AssumeRoleWithWebIdentity answered ${response.status}: ${text}`)
  return performance.now() - start
}

const ms = (value: number) => `${value.toFixed(1)} ms`

/** CPU microseconds of this process's main thread so far (Linux /proc, ticks of 10 ms); undefined elsewhere. */
function mainThreadCpu(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10_000
  } catch {
    return undefined
  }
}

/**
 * Wall time and CPU time per call of `work`, awaited one at a time, after a warm-up: CPU of all
 * threads of this process (WebCrypto runs the signature check on libuv's thread pool), and of the
 * main thread alone (what an event loop pays). The round of median wall time of ROUNDS, and the
 * range of the rounds' wall times (this machine is shared: one round can be slowed by a neighbour).
 */
async function perCall(work: () => unknown): Promise<string> {
  for (let i = 0; i < WARM_UP; i++) await work()
  const rounds: { wall: number; cpu: number; main: number | undefined }[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const cpu = process.cpuUsage()
    const main = mainThreadCpu()
    const start = performance.now()
    for (let i = 0; i < VERIFICATIONS; i++) await work()
    const wall = ((performance.now() - start) * 1000) / VERIFICATIONS
    const used = process.cpuUsage(cpu)
    const mainAfter = mainThreadCpu()
    rounds.push({
      wall,
      cpu: (used.user + used.system) / VERIFICATIONS,
      main: main === undefined || mainAfter === undefined ? undefined : (mainAfter - main) / VERIFICATIONS,
    })
  }
  rounds.sort((a, b) => a.wall - b.wall)
  const median = rounds[Math.floor(ROUNDS / 2)]!
  const main = median.main === undefined ? '' : `, main thread ${median.main.toFixed(1)} µs`
  return `${median.wall.toFixed(1)} µs (CPU ${median.cpu.toFixed(1)} µs${main}; rounds ${rounds[0]!.wall.toFixed(1)}-${rounds.at(-1)!.wall.toFixed(1)} µs)`
}

/** What verifying `token` costs in this process: jose as stsgate calls it, stsgate's wrapper, the signature alone. */
async function verifyCosts(issuer: Issuer, key: SigningKey, token: string): Promise<void> {
  const keySet = createLocalJWKSet(issuer.jwks)
  // Without currentDate, as jose defaults: the clock is read per verification, like the server's.
  const { currentDate: _now, ...options } = verifyOptions(issuer.url, new Date(), MAX_TOKEN_AGE_SECONDS)
  const provider = { url: issuer.url, clientIds: [AUDIENCE] }
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const signed = Buffer.from(`${header}.${payload}`)
  const signatureBytes = Buffer.from(signature, 'base64url')
  const cryptoKey = await importJWK(key.publicJwk, key.alg) as CryptoKey
  const subtleAlgorithm = key.alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' }
  const keyObject = createPublicKey({ key: key.publicJwk as NodeJwk, format: 'jwk' })
  const syncKey = key.alg === 'RS256' ? keyObject : { key: keyObject, dsaEncoding: 'ieee-p1363' as const }
  const subtleVerify = () => crypto.subtle.verify(subtleAlgorithm, cryptoKey, signatureBytes, signed)
  const nodeVerify = () => verifySync('sha256', signed, syncKey, signatureBytes)
  if (!(await subtleVerify()) || !nodeVerify()) throw new Error(`the ${key.alg} signature does not verify`)
  const of = `median of ${ROUNDS} rounds of ${VERIFICATIONS.toLocaleString('en')} after ${WARM_UP.toLocaleString('en')} warm-up, one at a time`
  row(`verify the ${key.alg} token in-process: jose jwtVerify, stsgate's options, local key set (${of})`,
    await perCall(() => jwtVerify(token, keySet, options)))
  row(`verify the ${key.alg} token in-process: stsgate's verifyWebIdentityToken (header check + jwtVerify + audience)`,
    await perCall(() => verifyWebIdentityToken(token, provider, keySet, new Date(), MAX_TOKEN_AGE_SECONDS)))
  row(`${key.alg} signature alone: crypto.subtle.verify (what jose calls) / node:crypto verify (synchronous)`,
    `${await perCall(subtleVerify)} / ${await perCall(nodeVerify)}`)
}
