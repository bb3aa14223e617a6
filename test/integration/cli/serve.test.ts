import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { databaseOverPglite } from '../../../src/storage/database.ts'
import { runStsgate, startStsgate } from '../../support/cli.ts'
import { createEmptyPostgresDatabase, postgresUrl } from '../../support/database.ts'

const CREDENTIALS_LINE = /AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})/

const temporaryDirs: string[] = []
const temporaryDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stsgate-test-'))
  temporaryDirs.push(dir)
  return dir
}
afterAll(() => { for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true }) })

describe('stsgate serve on embedded PGlite', () => {
  it('becomes ready, prints generated root credentials once, stops on SIGTERM, and keeps its data across a restart', async () => {
    const dataDir = temporaryDir()
    const first = await startStsgate({ STSGATE_DATA_DIR: dataDir })
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
    const printed = CREDENTIALS_LINE.exec(first.output())?.[1]
    expect(printed).toBeDefined()
    expect(await first.stop()).toBe(0)

    const second = await startStsgate({ STSGATE_DATA_DIR: dataDir })
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200)
    expect(second.output()).not.toMatch(CREDENTIALS_LINE)
    expect(second.output()).not.toContain('applied database migrations')
    expect(await second.stop()).toBe(0)

    const db = databaseOverPglite(await PGlite.create({ dataDir: path.join(dataDir, 'pglite') }))
    try {
      expect((await db.prisma.accessKey.findMany()).map((key) => key.id)).toEqual([printed])
    } finally {
      await db.close()
    }
  })

  it('refuses a second process on the same data directory in one line', async () => {
    const dataDir = temporaryDir()
    const running = await startStsgate({ STSGATE_DATA_DIR: dataDir })
    try {
      const second = await runStsgate(['migrate'], { STSGATE_DATA_DIR: dataDir })
      expect(second.code).toBe(1)
      expect(second.stderr).toBe(
        `stsgate: the embedded database in ${dataDir} is in use by another stsgate process (pid ${running.child.pid}); ` +
          'stop it first, or use Postgres (DATABASE_URL) to run several\n',
      )
    } finally {
      expect(await running.stop()).toBe(0)
    }
  })

  it('stops a database started with another master key, naming the setting', async () => {
    const dataDir = temporaryDir()
    expect((await runStsgate(['migrate'], { STSGATE_DATA_DIR: dataDir })).code).toBe(0)
    const run = await runStsgate(['migrate'], { STSGATE_DATA_DIR: dataDir, STSGATE_MASTER_KEY: 'cd'.repeat(32) })
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'stsgate: invalid configuration: STSGATE_MASTER_KEY: does not match the key this database was initialised with ' +
        '(secrets sealed under it could not be read)\n',
    )
  })
})

describe('STSGATE_CONFIG at start', () => {
  const example = fileURLToPath(new URL('../../../examples/stsgate.yaml', import.meta.url))

  it('applies the file at every start: changes the first time, none the second', async () => {
    const dataDir = temporaryDir()
    const first = await startStsgate({ STSGATE_DATA_DIR: dataDir, STSGATE_CONFIG: example })
    // The default account exists before the file is applied: the file updates it (its alias).
    expect(first.output()).toContain('"msg":"Applied: 10 created, 1 updated, 0 deleted."')
    expect(await first.stop()).toBe(0)
    const second = await startStsgate({ STSGATE_DATA_DIR: dataDir, STSGATE_CONFIG: example })
    expect(second.output()).toContain('"msg":"No changes."')
    expect(await second.stop()).toBe(0)
  })

  it('refuses a bad file before writing anything: exit 2, the problems named, no database created', async () => {
    const dataDir = temporaryDir()
    const broken = path.join(dataDir, 'broken.yaml')
    writeFileSync(broken, readFileSync(example, 'utf8').replace('maxSessionDuration: 14400      #', 'maxSessionDuration: 60      #'))
    const run = await runStsgate(['serve'], { STSGATE_DATA_DIR: dataDir, STSGATE_CONFIG: broken, PORT: '0' })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(new RegExp(`^stsgate: invalid configuration: STSGATE_CONFIG: ${broken}: 1 problem; nothing was applied\n` +
      'accounts\\[0\\]\\.roles\\[0\\]\\.maxSessionDuration: .+\n$'))
    expect(run.stdout).not.toMatch(CREDENTIALS_LINE)
    expect(readdirSync(dataDir)).toEqual(['broken.yaml'])
  })
})

describe.skipIf(!postgresUrl)('stsgate serve on Postgres', () => {
  const masterKey = 'ef'.repeat(32)

  it('becomes ready and keeps its data across a restart', async () => {
    const database = await createEmptyPostgresDatabase()
    try {
      const env = { DATABASE_URL: database.url, STSGATE_MASTER_KEY: masterKey, STSGATE_DATA_DIR: temporaryDir() }
      const first = await startStsgate(env)
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
      const printed = CREDENTIALS_LINE.exec(first.output())?.[1]
      expect(await first.stop()).toBe(0)
      const second = await startStsgate(env)
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200)
      expect(second.output()).not.toMatch(CREDENTIALS_LINE)
      expect(await second.stop()).toBe(0)
      expect(printed).toMatch(/^AKIA/)
    } finally {
      await database.drop()
    }
  })

  it('brings up two processes started together on one empty database; each migration runs once', async () => {
    const database = await createEmptyPostgresDatabase()
    try {
      const env = { DATABASE_URL: database.url, STSGATE_MASTER_KEY: masterKey }
      const servers = await Promise.all([
        startStsgate({ ...env, STSGATE_DATA_DIR: temporaryDir() }),
        startStsgate({ ...env, STSGATE_DATA_DIR: temporaryDir() }),
      ])
      try {
        for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
        const applied = servers.filter((server) => server.output().includes('applied database migrations'))
        expect(applied).toHaveLength(1)
        const printedCredentials = servers.filter((server) => CREDENTIALS_LINE.test(server.output()))
        expect(printedCredentials).toHaveLength(1)
      } finally {
        for (const server of servers) expect(await server.stop()).toBe(0)
      }
      const pg = (await import('pg')).default
      const client = new pg.Client({ connectionString: database.url })
      await client.connect()
      try {
        const migrations = await client.query('SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1')
        expect(migrations.rows.every((row: { n: number }) => row.n === 1)).toBe(true)
        expect((await client.query('SELECT count(*)::int AS n FROM access_keys WHERE user_id IS NULL')).rows[0].n).toBe(1)
      } finally {
        await client.end()
      }
    } finally {
      await database.drop()
    }
  })
})
