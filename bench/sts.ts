// GetCallerIdentity through stsgate on Postgres vs a bare node:http server answering a body of the
// same size, with the same load generator (autocannon) in this process; both servers are child
// processes. Needs BENCH_DATABASE_URL (a Postgres server URL); skipped without it.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import autocannon from 'autocannon'
import { generateAccessKeyId } from '../src/credentials/access-key-id.ts'
import { row } from './table.ts'
import { withTemporaryDatabase } from './temporary-database.ts'

const BIN = fileURLToPath(new URL('../bin/stsgate.mjs', import.meta.url))
const ROOT = { accessKeyId: generateAccessKeyId('AKIA', '123456789012'), secretAccessKey: randomBytes(30).toString('base64') }
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15'
const SECONDS = 10
const CONNECTIONS = 16

async function listening(child: ChildProcess, port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('server did not start')
}

/** A bare server answering POST / with a body as long as stsgate's GetCallerIdentity response. */
function startBaseline(port: number, bodyLength: number): ChildProcess {
  const script = `
    const body = '<x>' + 'a'.repeat(${bodyLength} - 7) + '</x>'
    require('node:http').createServer((req, res) => {
      req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': require('node:crypto').randomUUID() }); res.end(body) })
    }).listen(${port}, '127.0.0.1')`
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
}

async function signedRequest(port: number) {
  const signer = new SignatureV4({ credentials: ROOT, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') })
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/',
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: BODY,
  }))
  return { method: 'POST' as const, path: '/', headers: signed.headers, body: BODY }
}

async function load(url: string, request: Awaited<ReturnType<typeof signedRequest>>, overallRate?: number) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: [request], ...(overallRate ? { overallRate } : {}) })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`)
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

export async function stsBenchmarks(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL
  if (!server) return
  await withTemporaryDatabase(server, (url) => measure(url))
}

async function measure(databaseUrl: string): Promise<void> {
  const children: ChildProcess[] = []
  try {
    const stsPort = 21000 + Math.floor(Math.random() * 1000)
    const stsgate = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', PORT: String(stsPort), DATABASE_URL: databaseUrl, STSGATE_MASTER_KEY: 'ab'.repeat(32),
        STSGATE_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, STSGATE_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey },
      stdio: 'ignore',
    })
    children.push(stsgate)
    await listening(stsgate, stsPort)
    const request = await signedRequest(stsPort)
    const probe = await fetch(`http://127.0.0.1:${stsPort}/`, { method: 'POST', headers: request.headers, body: BODY })
    const bodyLength = (await probe.text()).length
    if (probe.status !== 200) throw new Error(`GetCallerIdentity answered ${probe.status}`)

    const basePort = stsPort + 1
    const baseline = startBaseline(basePort, bodyLength)
    children.push(baseline)
    await listening(baseline, basePort)

    const bare = await load(`http://127.0.0.1:${basePort}`, request)
    const sts = await load(`http://127.0.0.1:${stsPort}`, request)
    const half = await load(`http://127.0.0.1:${stsPort}`, request, Math.round(sts.rps / 2))
    const ms = (value: number) => `${value.toFixed(1)} ms`
    row(`baseline: bare node:http, ${bodyLength}-byte body (${CONNECTIONS} connections, ${SECONDS} s)`, `${Math.round(bare.rps)} req/s, p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}`)
    row('GetCallerIdentity, Postgres, SigV4 + audit write', `${Math.round(sts.rps)} req/s (${Math.round((100 * sts.rps) / bare.rps)} % of baseline), p50 ${ms(sts.p50)}, p99 ${ms(sts.p99)}`)
    row(`GetCallerIdentity at half that rate (${Math.round(sts.rps / 2)} req/s)`, `p50 ${ms(half.p50)}, p99 ${ms(half.p99)}`)
  } finally {
    for (const child of children) {
      const closed = once(child, 'close')
      child.kill('SIGTERM')
      await closed
    }
  }
}
