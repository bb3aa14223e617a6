import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { databaseOverPglite, openDatabase, type Database } from '../../src/storage/database.ts'

/**
 * Tests run on Postgres when TEST_DATABASE_URL is set (each test database is a fresh one created
 * beside it and dropped afterwards), otherwise on in-memory PGlite.
 */
export const postgresUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined
export const backend = postgresUrl ? 'postgres' : 'pglite'

export interface TestDatabase {
  readonly db: Database
  /** Postgres URL of this test database (undefined on PGlite). */
  readonly url: string | undefined
  close(): Promise<void>
}

/** A new, empty Postgres database on the TEST_DATABASE_URL server; returns its URL and a dropper. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set')
  const base = new URL(postgresUrl)
  const name = `${decodeURIComponent(base.pathname.slice(1))}_t${randomBytes(5).toString('hex')}`
  await adminQuery(`CREATE DATABASE "${name}"`)
  const url = new URL(postgresUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl })
  await client.connect()
  try { await client.query(sql) } finally { await client.end() }
}

let migratedPglite: Promise<Blob> | undefined

// Migrating a PGlite takes ~1.5 s; cloning a migrated dump ~0.35 s (notes/prisma-offline.md).
function migratedPgliteDump(): Promise<Blob> {
  migratedPglite ??= (async () => {
    const seed = await PGlite.create()
    await databaseOverPglite(seed).migrate()
    const dump = await seed.dumpDataDir('none')
    await seed.close()
    return dump
  })()
  return migratedPglite
}

/** A migrated, empty database of the configured backend. */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (postgresUrl) {
    const created = await createEmptyPostgresDatabase()
    const db = await openDatabase({ kind: 'postgres', url: created.url })
    await db.migrate()
    return { db, url: created.url, close: async () => { await db.close(); await created.drop() } }
  }
  const db = databaseOverPglite(await PGlite.create({ loadDataDir: await migratedPgliteDump() }))
  return { db, url: undefined, close: () => db.close() }
}
