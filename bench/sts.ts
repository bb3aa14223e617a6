// GetCallerIdentity and AssumeRole through stsgate on Postgres, each against a bare node:http
// server answering a body of the same size, with the same load generator (autocannon) in this
// process, then at half the peak rate with a paced open-loop load (paced-load.ts); the servers are child processes (bench/sts-servers.ts). Needs BENCH_DATABASE_URL (a
// Postgres server URL); skipped without it. BENCH_STS_PROFILE_DIR=DIR also writes a CPU profile
// of stsgate there (its busy phases, in order: GetCallerIdentity full and half rate, then
// AssumeRole; the baseline runs leave it idle in between).
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import autocannon from 'autocannon'
import { generateAccessKeyId } from '../src/credentials/access-key-id.ts'
import { pacedLoad } from './paced-load.ts'
import { Servers } from './sts-servers.ts'
import { row } from './table.ts'
import { withTemporaryDatabase } from './temporary-database.ts'

const ACCOUNT = '123456789012'
const newKey = () => ({ accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: randomBytes(30).toString('base64') })
const ROOT = newKey()
const USER = newKey()
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/BenchRole`
const SECONDS = 10
const CONNECTIONS = 16

type Credentials = ReturnType<typeof newKey>

/** What one row of the table measures (bench/web-identity.ts shares it). */
export interface MeasuredAction {
  readonly action: string
  readonly label: string
  /** The target share of the baseline's requests/s. */
  readonly targetPercent: number
}

interface Scenario extends MeasuredAction {
  readonly caller: Credentials
  readonly body: string
}

const SCENARIOS: readonly Scenario[] = [
  {
    action: 'GetCallerIdentity',
    label: 'GetCallerIdentity (root key), Postgres, SigV4 + audit write',
    caller: ROOT,
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    targetPercent: 60,
  },
  {
    action: 'AssumeRole',
    label: 'AssumeRole (IAM user key), Postgres, SigV4 + identity and trust policy + sealed token + audit write',
    caller: USER,
    body: new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE_ARN, RoleSessionName: 'bench' }).toString(),
    targetPercent: 40,
  },
]

/**
 * What `stsgate apply` declares for AssumeRole: an IAM user with an access key, allowed to
 * assume a role whose trust policy names it. (JSON is YAML, and keeps the secret quoted.)
 */
const CONFIG = JSON.stringify({
  version: 1,
  accounts: [{
    id: ACCOUNT,
    users: [{
      name: 'bench',
      accessKeys: [{ id: USER.accessKeyId, secret: USER.secretAccessKey }],
      inlinePolicies: [{
        name: 'AssumeBenchRole',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }] },
      }],
    }],
    roles: [{
      name: 'BenchRole',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bench` }, Action: 'sts:AssumeRole' }],
      },
    }],
  }],
}, null, 2)

/** One request signed once and replayed: SigV4 accepts it again within its 15-minute window. */
async function signedRequest(port: number, caller: Credentials, body: string) {
  const signer = new SignatureV4({ credentials: caller, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') })
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/',
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  }))
  return { method: 'POST' as const, path: '/', headers: signed.headers, body }
}

/** One request, replayed unchanged by every load: to stsgate, then to the baseline. */
export interface BenchRequest {
  readonly method: 'POST'
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
}

async function load(url: string, request: BenchRequest) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: [request] })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99 }
}

/** The response body length of one call, checking that stsgate answers it with 200. */
async function probe(port: number, request: BenchRequest): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: request.headers, body: request.body })
  const text = await response.text()
  if (response.status !== 200) throw new Error(`${request.body} answered ${response.status}: ${text}`)
  return Buffer.byteLength(text)
}

export async function stsBenchmarks(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL
  if (!server) return
  await withTemporaryDatabase(server, (url) => measure(url))
}

async function measure(databaseUrl: string): Promise<void> {
  const servers = new Servers()
  const dir = await mkdtemp(path.join(tmpdir(), 'stsgate-bench-'))
  try {
    const configFile = path.join(dir, 'stsgate.yaml')
    await writeFile(configFile, CONFIG)
    const stsPort = 21000 + Math.floor(Math.random() * 1000)
    await servers.stsgate(stsPort, {
      DATABASE_URL: databaseUrl, STSGATE_MASTER_KEY: 'ab'.repeat(32), STSGATE_CONFIG: configFile,
      STSGATE_ACCOUNT_ID: ACCOUNT, STSGATE_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, STSGATE_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
    })
    const baselines = new Map<number, number>() // body length -> port
    for (const scenario of SCENARIOS) await measureScenario(scenario, await signedRequest(stsPort, scenario.caller, scenario.body), servers, stsPort, baselines)
  } finally {
    await servers.stopAll()
    await rm(dir, { recursive: true, force: true })
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`

/**
 * The baseline for the scenario's response size (started on port `stsPort` + 1 + the number of
 * baselines so far, and kept in `baselines` for later scenarios of that size), stsgate at full
 * load, then at half that rate: three table rows.
 */
export async function measureScenario(
  scenario: MeasuredAction, request: BenchRequest, servers: Servers, stsPort: number, baselines: Map<number, number>,
): Promise<void> {
  const bodyLength = await probe(stsPort, request)
  let basePort = baselines.get(bodyLength)
  if (basePort === undefined) {
    basePort = stsPort + 1 + baselines.size
    await servers.baseline(basePort, bodyLength)
    baselines.set(bodyLength, basePort)
  }
  const bare = await load(`http://127.0.0.1:${basePort}`, request)
  const cpuBefore = servers.stsgateCpuSeconds()
  const sts = await load(`http://127.0.0.1:${stsPort}`, request)
  const cpuAfter = servers.stsgateCpuSeconds()
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? '' : `, stsgate CPU ${((1000 * (cpuAfter - cpuBefore)) / sts.total).toFixed(2)} ms/request`
  const halfRate = Math.round(sts.rps / 2)
  const half = await pacedLoad(`http://127.0.0.1:${stsPort}`, request, halfRate, SECONDS, CONNECTIONS)
  const share = Math.round((100 * sts.rps) / bare.rps)
  row(`baseline: bare node:http, ${bodyLength}-byte body (${CONNECTIONS} connections, ${SECONDS} s)`, `${Math.round(bare.rps)} req/s, p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}`)
  row(scenario.label, `${Math.round(sts.rps)} req/s (${share} % of baseline; target ≥ ${scenario.targetPercent} %), p50 ${ms(sts.p50)}, p99 ${ms(sts.p99)}${cpu}`)
  row(`${scenario.action} at half that rate (${halfRate} req/s, paced)`, `p50 ${ms(half.p50)}, p99 ${ms(half.p99)}, max ${ms(half.max)} (target p99 < 10 ms)`)
}
