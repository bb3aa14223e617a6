// AssumeRoleWithSAML through stsgate on Postgres, with (a) a Response carrying an RSA-2048-signed
// Assertion and (b) the same Assertion encrypted to stsgate's SP certificate (rsa-oaep-mgf1p +
// aes256-gcm), each against a bare node:http server answering a body of the same size: the
// measurement of bench/sts.ts (autocannon 16 connections 10 s on the baseline, then on stsgate,
// then a paced half-rate load, stsgate CPU per request), with unsigned requests.
// stsgate consumes each assertion ID once (replay protection, in Postgres), so one request cannot
// be replayed: each scenario first builds a pool of distinct Responses (test/support/saml-idp.ts:
// xml-crypto rsa-sha256/exc-c14n, fresh Response and Assertion IDs, IssueInstant = the moment it
// is built, Conditions and SubjectConfirmationData NotOnOrAfter 5 minutes later; Recipient and
// Destination `${STSGATE_PUBLIC_URL}/saml/acs`, Audience urn:amazon:webservices, Role and
// RoleSessionName attributes), and every request of the stsgate loads takes the next unused one
// (autocannon's setupRequest; the paced load reads `body` once per request). The baseline loads
// cycle through the same bodies. stsgate accepts an assertion until 5 minutes after IssueInstant
// plus its 3-minute clock skew: a scenario checks its oldest unused response is still inside that
// window, with margin, before each load. The pool is topped up before the half-rate load when what
// is left is short of what it will send. BENCH_SAML_POOL sets the pool size (default below).
// Before the servers start, and also without BENCH_DATABASE_URL: the cost of verifying a response
// in this process (stsgate's verifySamlResponse, node-saml's validatePostResponseAsync alone, and
// the RSA-2048 operations alone), one at a time, median of three rounds.
// BENCH_STS_PROFILE_DIR=DIR writes a CPU profile of stsgate there (bench/sts-servers.ts); its busy
// phases, in order: plain full and half rate, then encrypted full and half rate.
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, sign, verify, X509Certificate } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml'
import autocannon from 'autocannon'
import type { SamlServiceProvider } from '../src/config/config.ts'
import { verifySamlResponse } from '../src/identity/saml/verify-saml-response.ts'
import { generateSamlIdp, roleAttribute, roleSessionNameAttribute, samlIdpMetadata, samlResponse, type SamlIdpKeys } from '../test/support/saml-idp.ts'
import { pacedLoad } from './paced-load.ts'
import { Servers } from './sts-servers.ts'
import { row } from './table.ts'
import { withTemporaryDatabase } from './temporary-database.ts'

const ACCOUNT = '123456789012'
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/BenchIdP`
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/BenchSamlRole`
const IDP_ENTITY_ID = 'https://idp.bench.example/saml'
const SECONDS = 10
const CONNECTIONS = 16
const POOL = Number(process.env.BENCH_SAML_POOL ?? 5_000)
/** stsgate's limit: IssueInstant at most 5 minutes old, plus its 3-minute clock skew. */
const USABLE_MS = 8 * 60_000
const MARGIN_MS = 60_000
const MICRO = { warmUp: 50, calls: 300, rounds: 3, distinct: 100 }

interface Scenario {
  readonly name: string
  readonly label: string
  /** Encrypt the signed Assertion to this certificate (stsgate's, from its SP metadata). */
  readonly encryptTo?: string
}

/** Distinct form bodies, taken in the order they were built (oldest first). */
class Pool {
  readonly bodies: string[] = []
  readonly #builtAt: number[] = []
  #next = 0
  exhausted = false
  constructor(private readonly build: () => Promise<string>) {}

  /** Builds `count` more; returns the seconds it took. */
  async grow(count: number): Promise<number> {
    const start = performance.now()
    for (let i = 0; i < count; i++) {
      this.#builtAt.push(Date.now())
      this.bodies.push(await this.build())
      // Building never waits for I/O: let timers run (undici drops keep-alive sockets the server has closed meanwhile).
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve))
    }
    return (performance.now() - start) / 1000
  }

  get remaining(): number { return this.bodies.length - this.#next }
  get used(): number { return this.#next }

  /** The next unused body, consumed; when none is left, the last one again (stsgate refuses it: the load fails, and the caller reports why). */
  take(): string {
    if (this.#next < this.bodies.length) return this.bodies[this.#next++]!
    this.exhausted = true
    return this.bodies.at(-1)!
  }

  /** Throws unless the oldest unused body will still be accepted `seconds` from now. */
  checkFresh(seconds: number): void {
    const built = this.#builtAt[this.#next]
    if (built !== undefined && Date.now() + seconds * 1000 + MARGIN_MS > built + USABLE_MS) {
      throw new Error(`the SAML pool's oldest unused response is ${Math.round((Date.now() - built) / 1000)} s old: it would expire during the next load (use a smaller BENCH_SAML_POOL)`)
    }
  }
}

const formBody = (samlAssertion: string) => new URLSearchParams({
  Action: 'AssumeRoleWithSAML', Version: '2011-06-15', RoleArn: ROLE_ARN, PrincipalArn: PROVIDER_ARN, SAMLAssertion: samlAssertion,
}).toString()

function responseOf(idp: SamlIdpKeys, acsUrl: string, encryptTo: string | undefined): Promise<string> {
  return samlResponse({
    idp, destination: acsUrl, recipient: acsUrl, nameId: 'bench-user@example.com',
    attributes: [roleAttribute(ROLE_ARN, PROVIDER_ARN), roleSessionNameAttribute('bench')],
    ...(encryptTo !== undefined && { encrypt: { certificatePem: encryptTo } }),
  })
}

/** The apply file: the IdP as a SAML provider, and a role trusting it for assertions addressed to this server. */
function configOf(idp: SamlIdpKeys, acsUrl: string): string {
  return JSON.stringify({
    version: 1,
    accounts: [{
      id: ACCOUNT,
      samlProviders: [{ name: 'BenchIdP', metadata: samlIdpMetadata(idp) }],
      roles: [{
        name: 'BenchSamlRole',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithSAML',
            Condition: { StringEquals: { 'saml:aud': acsUrl } },
          }],
        },
      }],
    }],
  }, null, 2)
}

export async function samlBenchmarks(): Promise<void> {
  if (!Number.isInteger(POOL) || POOL < 1) throw new Error(`BENCH_SAML_POOL must be a positive integer, not ${process.env.BENCH_SAML_POOL}`)
  const idp = await generateSamlIdp(IDP_ENTITY_ID)
  await verifyCosts(idp)
  const server = process.env.BENCH_DATABASE_URL
  if (!server) return
  await withTemporaryDatabase(server, (url) => measure(url, idp))
}

async function measure(databaseUrl: string, idp: SamlIdpKeys): Promise<void> {
  const servers = new Servers()
  const dir = await mkdtemp(path.join(tmpdir(), 'stsgate-bench-'))
  try {
    const stsPort = 21000 + Math.floor(Math.random() * 1000)
    const publicUrl = `http://127.0.0.1:${stsPort}`
    const configFile = path.join(dir, 'stsgate.yaml')
    await writeFile(configFile, configOf(idp, `${publicUrl}/saml/acs`))
    await servers.stsgate(stsPort, {
      DATABASE_URL: databaseUrl, STSGATE_MASTER_KEY: 'ab'.repeat(32), STSGATE_CONFIG: configFile,
      STSGATE_ACCOUNT_ID: ACCOUNT, STSGATE_PUBLIC_URL: publicUrl,
    })
    const scenarios: Scenario[] = [
      { name: 'signed assertion', label: 'Response with an RSA-2048-signed Assertion' },
      { name: 'encrypted', label: 'the signed Assertion encrypted to stsgate (rsa-oaep-mgf1p + aes256-gcm)', encryptTo: await spCertificate(publicUrl) },
    ]
    const baselines = new Map<number, number>() // body length -> port
    for (const scenario of scenarios) {
      await measureScenario(scenario, new Pool(async () => formBody(await responseOf(idp, `${publicUrl}/saml/acs`, scenario.encryptTo))), servers, stsPort, baselines)
    }
  } finally {
    await servers.stopAll()
    await rm(dir, { recursive: true, force: true })
  }
}

/** stsgate's encryption certificate (PEM), from its SP metadata, as an IdP administrator would import it. */
async function spCertificate(publicUrl: string): Promise<string> {
  const metadata = await (await fetch(`${publicUrl}/saml/metadata`)).text()
  const base64 = /use="encryption"[\s\S]*?<(?:\w+:)?X509Certificate>([^<]+)</.exec(metadata)?.[1]
  if (!base64) throw new Error(`no encryption certificate in stsgate's SP metadata: ${metadata.slice(0, 300)}`)
  return new X509Certificate(Buffer.from(base64.replace(/\s+/g, ''), 'base64')).toString()
}

const HEADERS = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
const ms = (value: number) => `${value.toFixed(1)} ms`
/** Percent, with one decimal below 10 %. */
const share = (part: number, whole: number) => ((100 * part) / whole).toFixed((100 * part) / whole < 10 ? 1 : 0)

/** autocannon with a new body per request: `body()` is called once for each request it builds. */
async function load(url: string, body: () => string) {
  const result = await autocannon({
    url, connections: CONNECTIONS, duration: SECONDS,
    requests: [{ method: 'POST', path: '/', headers: HEADERS, setupRequest: (request) => ({ ...request, body: body() }) }],
  })
  return { rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, failed: `${result.non2xx} non-2xx, ${result.errors} errors (status codes ${JSON.stringify(result.statusCodeStats ?? {})})`, ok: result.non2xx === 0 && result.errors === 0 }
}

/** One call with the pool's next response: stsgate must answer 200. Returns the response body's length. */
async function probe(stsPort: number, pool: Pool): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${stsPort}/`, { method: 'POST', headers: HEADERS, body: pool.take() })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`the probe AssumeRoleWithSAML answered ${response.status}, not 200: ${text}`)
  return Buffer.byteLength(text)
}

async function measureScenario(scenario: Scenario, pool: Pool, servers: Servers, stsPort: number, baselines: Map<number, number>): Promise<void> {
  const built = await pool.grow(POOL)
  const requestBytes = Math.round(pool.bodies.reduce((sum, body) => sum + body.length, 0) / pool.bodies.length)
  row(`${scenario.name}: pool of ${POOL.toLocaleString('en')} distinct responses built in this process (mean request ${requestBytes} bytes)`,
    `${built.toFixed(1)} s (${((1000 * built) / POOL).toFixed(2)} ms each)`)
  const bodyLength = await probe(stsPort, pool)
  let basePort = baselines.get(bodyLength)
  if (basePort === undefined) {
    basePort = stsPort + 1 + baselines.size
    await servers.baseline(basePort, bodyLength)
    baselines.set(bodyLength, basePort)
  }
  let cycle = 0
  const bare = await load(`http://127.0.0.1:${basePort}`, () => pool.bodies[cycle++ % pool.bodies.length]!)
  if (!bare.ok) throw new Error(`baseline: ${bare.failed}`)
  pool.checkFresh(SECONDS)
  const cpuBefore = servers.stsgateCpuSeconds()
  const sts = await load(`http://127.0.0.1:${stsPort}`, () => pool.take())
  const cpuAfter = servers.stsgateCpuSeconds()
  if (pool.exhausted) throw new Error(`the SAML pool of ${pool.bodies.length} responses ran out during the full-rate load: raise BENCH_SAML_POOL`)
  if (!sts.ok) throw new Error(`AssumeRoleWithSAML (${scenario.name}): ${sts.failed}`)
  const fullUsed = pool.used
  const halfRate = Math.round(sts.rps / 2)
  const needed = halfRate * SECONDS + CONNECTIONS
  const topUp = needed > pool.remaining ? await pool.grow(needed - pool.remaining + 100) : undefined
  pool.checkFresh(SECONDS)
  // pacedLoad reads `body` once per request it sends: a getter hands each one the next response.
  const half = await pacedLoad(`http://127.0.0.1:${stsPort}`, { method: 'POST', path: '/', headers: HEADERS, get body() { return pool.take() } }, halfRate, SECONDS, CONNECTIONS)
    .catch((error: unknown) => { throw pool.exhausted ? new Error('the SAML pool ran out during the half-rate load') : error })
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? '' : `, stsgate CPU ${((1000 * (cpuAfter - cpuBefore)) / sts.total).toFixed(2)} ms/request`
  row(`baseline: bare node:http, ${bodyLength}-byte body (${CONNECTIONS} connections, ${SECONDS} s)`, `${Math.round(bare.rps)} req/s, p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}`)
  row(`AssumeRoleWithSAML (${scenario.label}), Postgres, verify + replay INSERT + trust policy + sealed token + audit write`,
    `${Math.round(sts.rps)} req/s (${share(sts.rps, bare.rps)} % of baseline; target ≥ 25 %), p50 ${ms(sts.p50)}, p99 ${ms(sts.p99)}${cpu}`)
  row(`AssumeRoleWithSAML (${scenario.name}) at half that rate (${halfRate} req/s, paced)`, `p50 ${ms(half.p50)}, p99 ${ms(half.p99)}, max ${ms(half.max)} (target p99 < 10 ms)`)
  row(`${scenario.name}: responses used (probe + full rate, half rate)`,
    `${fullUsed.toLocaleString('en')}, ${(pool.used - fullUsed).toLocaleString('en')}${topUp === undefined ? '' : ` (pool topped up first, in ${topUp.toFixed(1)} s)`}; ${pool.remaining.toLocaleString('en')} left`)
}

/** Wall and CPU microseconds per call of `work`, awaited one at a time after a warm-up: the round of median wall time, and the rounds' range. */
async function perCall(work: (i: number) => unknown): Promise<string> {
  for (let i = 0; i < MICRO.warmUp; i++) await work(i)
  const rounds: { wall: number; cpu: number }[] = []
  for (let round = 0; round < MICRO.rounds; round++) {
    const cpu = process.cpuUsage()
    const start = performance.now()
    for (let i = 0; i < MICRO.calls; i++) await work(i)
    const used = process.cpuUsage(cpu)
    rounds.push({ wall: ((performance.now() - start) * 1000) / MICRO.calls, cpu: (used.user + used.system) / MICRO.calls })
  }
  rounds.sort((a, b) => a.wall - b.wall)
  const median = rounds[Math.floor(MICRO.rounds / 2)]!
  return `${median.wall.toFixed(0)} µs (CPU ${median.cpu.toFixed(0)} µs; rounds ${rounds[0]!.wall.toFixed(0)}-${rounds.at(-1)!.wall.toFixed(0)} µs)`
}

/** What verifying a response costs in this process: stsgate's verifySamlResponse, node-saml alone, and the RSA operations inside. */
async function verifyCosts(idp: SamlIdpKeys): Promise<void> {
  const spKey = await generateSamlIdp('bench-sp') // an RSA-2048 key and certificate, as stsgate's SP key is
  const publicUrl = 'http://localhost:8080'
  const sp: SamlServiceProvider = {
    entityId: `${publicUrl}/saml/metadata`, acsUrl: `${publicUrl}/saml/acs`,
    recipients: [`${publicUrl}/saml/acs`], audiences: ['urn:amazon:webservices', `${publicUrl}/saml/metadata`],
  }
  const provider = { entityId: idp.entityId, signingCertificates: [idp.certificateBase64] }
  // The options verifySamlResponse gives node-saml (it builds one per call).
  const nodeSaml = new SAML({
    idpCert: [idp.certificateBase64], issuer: sp.entityId, callbackUrl: sp.acsUrl, audience: false,
    wantAssertionsSigned: false, wantAuthnResponseSigned: false, acceptedClockSkewMs: 180_000, maxAssertionAgeMs: 0,
    validateInResponseTo: ValidateInResponseTo.never, decryptionPvk: spKey.privateKeyPem,
  })
  const of = `median of ${MICRO.rounds} rounds of ${MICRO.calls.toLocaleString('en')} after ${MICRO.warmUp} warm-up, ${MICRO.distinct} distinct responses in turn`
  for (const encrypted of [false, true]) {
    const responses: string[] = []
    for (let i = 0; i < MICRO.distinct; i++) responses.push(await responseOf(idp, sp.acsUrl, encrypted ? spKey.certificatePem : undefined))
    const kind = encrypted ? 'an encrypted' : 'a signed-assertion'
    row(`verify ${kind} response in-process: stsgate's verifySamlResponse (${of})`,
      await perCall((i) => verifySamlResponse(responses[i % MICRO.distinct]!, provider, sp, spKey.privateKeyPem, new Date())))
    row(`verify ${kind} response in-process: node-saml validatePostResponseAsync alone (stsgate's options)`,
      await perCall((i) => nodeSaml.validatePostResponseAsync({ SAMLResponse: responses[i % MICRO.distinct]! })))
  }
  const signer = createPrivateKey(idp.privateKeyPem)
  const data = randomBytes(500)
  const signed = sign('sha256', data, signer)
  const checker = createPublicKey(signer)
  if (!verify('sha256', data, checker, signed)) throw new Error('RSA verify failed')
  const spPrivate = createPrivateKey(spKey.privateKeyPem)
  const wrapped = publicEncrypt({ key: createPublicKey(spPrivate), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, randomBytes(32))
  row('RSA-2048 alone (node:crypto): verify an rsa-sha256 signature / decrypt an rsa-oaep-mgf1p key (the SP key)',
    `${await perCall(() => verify('sha256', data, checker, signed))} / ${await perCall(() => privateDecrypt({ key: spPrivate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrapped))}`)
}
