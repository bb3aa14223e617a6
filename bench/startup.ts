// Start-up and storage hot-path numbers. Set BENCH_DATABASE_URL (a Postgres server URL) to include Postgres start-up.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { databaseOverPglite } from '../src/storage/database.ts'
import { OneTimeUseStore } from '../src/storage/one-time-use-store.ts'
import { SecretBox } from '../src/storage/secret-box.ts'
import { row } from './table.ts'
import { withTemporaryDatabase } from './temporary-database.ts'

const BIN = fileURLToPath(new URL('../bin/stsgate.mjs', import.meta.url))
const RUNS = 3

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/** Milliseconds from spawning `stsgate serve` to the first 200 from /readyz. */
async function startToReady(env: Record<string, string>): Promise<number> {
  const port = 20000 + Math.floor(Math.random() * 20000)
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: 'ignore',
  })
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`stsgate exited with ${child.exitCode}`)
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false)
      if (ready) return performance.now() - started
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    const closed = new Promise((resolve) => child.once('close', resolve))
    child.kill('SIGTERM')
    await closed
  }
}

export async function startupBenchmarks(): Promise<void> {
  const cold: number[] = []
  const warm: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'stsgate-bench-'))
    try {
      cold.push(await startToReady({ STSGATE_DATA_DIR: dir }))
      warm.push(await startToReady({ STSGATE_DATA_DIR: dir }))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  row('start to /readyz 200, PGlite, new data dir (median of 3)', `${median(cold).toFixed(0)} ms`)
  row('start to /readyz 200, PGlite, existing data dir (median of 3)', `${median(warm).toFixed(0)} ms`)

  const server = process.env.BENCH_DATABASE_URL
  if (!server) return
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    times.push(await withTemporaryDatabase(server, (url) => startToReady({ DATABASE_URL: url, STSGATE_MASTER_KEY: 'ab'.repeat(32) })))
  }
  row('start to /readyz 200, Postgres, empty database (median of 3)', `${median(times).toFixed(0)} ms`)
}

export async function storageBenchmarks(): Promise<void> {
  const box = new SecretBox(randomBytes(32))
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  const iterations = 50_000
  let started = performance.now()
  for (let i = 0; i < iterations; i++) box.open(box.seal(secret, 'access-key:AKIA'), 'access-key:AKIA')
  row('secret seal + open (AES-256-GCM)', `${((performance.now() - started) * 1000 / iterations).toFixed(1)} µs`)

  const db = databaseOverPglite(await PGlite.create())
  await db.migrate()
  const store = new OneTimeUseStore(db.prisma)
  const expiry = new Date(Date.now() + 3_600_000)
  const consumes = 1_000
  started = performance.now()
  for (let i = 0; i < consumes; i++) await store.consume('jwt-id', `jti-${i}`, expiry)
  row('one-time-use consume, PGlite in memory (sequential)', `${((performance.now() - started) / consumes).toFixed(2)} ms`)
  await db.close()
}

