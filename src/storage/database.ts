import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import pg from 'pg'
import type { DatabaseTarget } from '../config/config.ts'
import { PrismaClient } from '../generated/prisma/client.ts'
import { applyMigrations, migrationStatus, type MigrationReport, type MigrationStatus, type SqlSession } from './migrations.ts'

/** An open database: the Prisma client plus what the service needs around it. */
export interface Database {
  readonly kind: DatabaseTarget['kind']
  readonly prisma: PrismaClient
  /** Applies pending migrations (under an advisory lock on Postgres). */
  migrate(): Promise<MigrationReport>
  migrationStatus(): Promise<MigrationStatus>
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>
  /**
   * One parameterised statement straight through the driver, for the hot path that writes on
   * every call (the audit log): Prisma's runtime costs more CPU than the statement itself.
   */
  execute(sql: string, params: readonly unknown[]): Promise<void>
  close(): Promise<void>
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url)
  return databaseOverPglite(await PGlite.create(target.dataDir ? { dataDir: target.dataDir } : {}))
}

function openPostgres(url: string): Database {
  // One pool shared by Prisma and execute(), so both count against the same connection limit.
  const pool = new pg.Pool({ connectionString: url })
  // An idle connection the server ends (a restart, pg_terminate_backend) is reported here; without
  // a listener that report would crash the process. The pool has already dropped that connection,
  // the next query opens a new one, and a query that fails reports its own error.
  pool.on('error', () => undefined)
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  // Migrations run on a dedicated connection: the advisory lock belongs to a session.
  const withSession = async <T>(work: (session: SqlSession) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return await work({
        exec: async (sql) => { await client.query(sql) },
        query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
        usesAdvisoryLock: true,
      })
    } finally {
      await client.end()
    }
  }
  return {
    kind: 'postgres',
    prisma,
    migrate: () => withSession(applyMigrations),
    migrationStatus: () => migrationStatus(sessionOverPrisma(prisma)),
    ping: async () => { await prisma.$queryRaw`SELECT 1` },
    execute: async (sql, params) => { await pool.query(sql, params as unknown[]) },
    close: async () => {
      await prisma.$disconnect()
      if (!pool.ended) await pool.end()
    },
  }
}

/** A Database over an open PGlite instance, which it closes on close(). */
export function databaseOverPglite(pglite: PGlite): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) })
  // PGlite's own exec/query, not the adapter's executeScript, which does not await (prisma-offline note).
  const session: SqlSession = {
    exec: async (sql) => { await pglite.exec(sql) },
    query: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params as unknown[])).rows,
    usesAdvisoryLock: false,
  }
  return {
    kind: 'pglite',
    prisma,
    migrate: () => applyMigrations(session),
    migrationStatus: () => migrationStatus(sessionOverPrisma(prisma)),
    ping: async () => { await prisma.$queryRaw`SELECT 1` },
    execute: async (sql, params) => { await pglite.query(sql, params as unknown[]) },
    close: async () => {
      await prisma.$disconnect()
      if (!pglite.closed) await pglite.close()
    },
  }
}

// Read-only status queries go through the client's pool (readiness probes run them often).
function sessionOverPrisma(prisma: PrismaClient): SqlSession {
  return {
    exec: async (sql) => { await prisma.$executeRawUnsafe(sql) },
    query: (sql, params = []) => prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params),
    usesAdvisoryLock: false,
  }
}
