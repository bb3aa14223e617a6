import { createHash, randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The few SQL operations the runner needs, over one connection. */
export interface SqlSession {
  exec(sql: string): Promise<void>
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>
  /** Postgres: serialise concurrent runners with pg_advisory_lock. PGlite is single-process. */
  readonly usesAdvisoryLock: boolean
}

export interface MigrationFile {
  readonly name: string
  readonly sql: string
  /** sha256 hex of migration.sql, as Prisma records it. */
  readonly checksum: string
}

export interface MigrationReport {
  readonly applied: readonly string[]
}

export interface MigrationStatus {
  readonly current: boolean
  readonly pending: readonly string[]
  /** Started but never finished (a failed run): needs `prisma migrate resolve`. */
  readonly failed: readonly string[]
  /** Recorded with a checksum that no longer matches the file. */
  readonly modified: readonly string[]
}

/** Raised when the database is in a state the runner will not touch. A boot-time problem. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

const migrationsDir = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url))

// Prisma's own lock key (schema-engine's advisory lock), so the CLI and stsgate exclude each other.
const ADVISORY_LOCK_KEY = 72707369

// The table Prisma migrate keeps; same columns, so `prisma migrate status` agrees with us.
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

let cachedFiles: readonly MigrationFile[] | undefined

/** The migrations shipped in prisma/migrations, in name (= time) order. */
export function migrationFiles(): readonly MigrationFile[] {
  cachedFiles ??= readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(`${migrationsDir}${name}/migration.sql`, 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
  return cachedFiles
}

interface HistoryRow {
  migration_name: string
  checksum: string
  finished_at: unknown
  rolled_back_at: unknown
}

async function readHistory(session: SqlSession): Promise<HistoryRow[]> {
  const exists = await session.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`)
  if (!exists[0]?.present) return []
  return (await session.query(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  )) as unknown as HistoryRow[]
}

function compare(files: readonly MigrationFile[], history: readonly HistoryRow[]): MigrationStatus {
  const live = history.filter((row) => row.rolled_back_at === null)
  const finished = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]))
  const failed = live.filter((row) => row.finished_at === null).map((row) => row.migration_name)
  const pending = files.filter((file) => !finished.has(file.name)).map((file) => file.name)
  const modified = files
    .filter((file) => { const row = finished.get(file.name); return row !== undefined && row.checksum !== file.checksum })
    .map((file) => file.name)
  return { current: pending.length === 0 && failed.length === 0 && modified.length === 0, pending, failed, modified }
}

export async function migrationStatus(session: SqlSession): Promise<MigrationStatus> {
  return compare(migrationFiles(), await readHistory(session))
}

/**
 * Applies every pending migration, each in its own transaction, and records it in
 * `_prisma_migrations`. Holds Prisma's advisory lock on Postgres so concurrent starts apply each
 * migration once. Throws MigrationError on a failed or edited migration instead of guessing.
 */
export async function applyMigrations(session: SqlSession): Promise<MigrationReport> {
  if (session.usesAdvisoryLock) await session.exec(`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`)
  try {
    await session.exec(CREATE_HISTORY_TABLE)
    const status = compare(migrationFiles(), await readHistory(session))
    if (status.failed.length > 0) {
      throw new MigrationError(
        `migration ${status.failed[0]} failed earlier; fix the database, then run ` +
          `\`prisma migrate resolve --rolled-back ${status.failed[0]}\``,
      )
    }
    if (status.modified.length > 0) {
      throw new MigrationError(`migration ${status.modified[0]} was edited after it was applied; restore the original file`)
    }
    const applied: string[] = []
    for (const file of migrationFiles().filter((candidate) => status.pending.includes(candidate.name))) {
      await applyOne(session, file)
      applied.push(file.name)
    }
    return { applied }
  } finally {
    if (session.usesAdvisoryLock) await session.exec(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`)
  }
}

async function applyOne(session: SqlSession, file: MigrationFile): Promise<void> {
  const id = randomUUID()
  await session.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, file.checksum, file.name],
  )
  try {
    await session.exec(`BEGIN;\n${file.sql}\n;COMMIT;`)
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined)
    const message = error instanceof Error ? error.message : String(error)
    await session.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message])
    throw new MigrationError(`migration ${file.name} failed: ${message}`)
  }
  await session.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  )
}
