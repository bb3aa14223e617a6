import type { Config } from '../config/config.ts'
import type { Logger } from '../logging/logger.ts'
import { lockDataDir } from './data-dir-lock.ts'
import { openDatabase, type Database } from './database.ts'
import { bindMasterKey, resolveMasterKey } from './master-key.ts'
import { SecretBox } from './secret-box.ts'

export interface Storage {
  readonly db: Database
  readonly secrets: SecretBox
  close(): Promise<void>
}

/** Database unreachable or unusable at start. A boot-time problem, reported in one line. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError'
}

/**
 * Opens the configured database, applies pending migrations and binds the master key: what
 * `serve`, `migrate` and `apply` all need before anything else.
 */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  const master = resolveMasterKey(config.masterKey, config.dataDir)
  if (master.origin === 'generated') logger.info({ file: `${config.dataDir}/master.key` }, 'generated a new master key')
  const release = config.database.kind === 'pglite' ? lockDataDir(config.dataDir) : () => undefined
  let db: Database | undefined
  try {
    db = await openDatabase(config.database)
    const report = await db.migrate().catch((error: unknown) => {
      throw describeConnectionFailure(error, config)
    })
    if (report.applied.length > 0) logger.info({ migrations: report.applied }, 'applied database migrations')
    const secrets = new SecretBox(master.key)
    await bindMasterKey(db.prisma, secrets)
    const opened = db
    return { db: opened, secrets, close: async () => { await opened.close(); release() } }
  } catch (error) {
    await db?.close().catch(() => undefined)
    release()
    throw error
  }
}

function describeConnectionFailure(error: unknown, config: Config): unknown {
  const code = (error as { code?: unknown }).code
  if (config.database.kind !== 'postgres' || typeof code !== 'string' || !/^(E[A-Z]+|3D000|28P01|28000)$/.test(code)) return error
  const url = new URL(config.database.url)
  return new StorageUnavailableError(
    `cannot use the database ${url.pathname.slice(1)} at ${url.hostname}:${url.port || 5432} (DATABASE_URL): ${(error as Error).message || code}`,
  )
}
