import { once } from 'node:events'
import type { Server } from 'node:http'
import { applyConfigFile, checkConfigFile, ConfigFileError, formatPlan } from './apply/index.ts'
import { createApp } from './app.ts'
import type { Config, RootCredentials } from './config/config.ts'
import { ConfigError } from './config/config-error.ts'
import { unsafeSettingWarnings } from './config/warnings.ts'
import type { Logger } from './logging/logger.ts'
import { openStorage, type Storage } from './storage/open-storage.ts'
import { ensureDefaultAccount } from './storage/root-credentials-store.ts'
import { createStsDeps } from './sts/sts-wiring.ts'

/** In-flight requests get this long to finish after a stop signal, within the 10 s budget. */
const DRAIN_MS = 8_000

export interface RunningService {
  /** Base URL the server listens on (the real port when PORT=0). */
  readonly url: string
  readonly storage: Storage
  /** Stops accepting, lets in-flight requests finish (bounded), then closes the database. */
  close(): Promise<void>
}

export interface ServiceIo {
  /** Shows generated root credentials once, outside the log stream. */
  announceRootCredentials(accountId: string, credentials: RootCredentials): void
}

/**
 * Starts stsgate: storage (migrations, master key), the default account and its root
 * credentials, the STSGATE_CONFIG file, then the HTTP server.
 */
export async function startService(config: Config, logger: Logger, io: ServiceIo): Promise<RunningService> {
  for (const warning of unsafeSettingWarnings(config)) logger.warn(warning)
  // A bad STSGATE_CONFIG file is bad configuration: refuse it before anything is written.
  if (config.configFile) await asConfigError(checkConfigFile(config.configFile))
  const storage = await openStorage(config, logger)
  try {
    const generated = await ensureDefaultAccount(
      storage.db.prisma, storage.secrets, config.defaultAccountId, config.rootCredentials,
    )
    if (generated) io.announceRootCredentials(config.defaultAccountId, generated)
    if (config.configFile) {
      const deps = { db: storage.db, secrets: storage.secrets }
      const result = await asConfigError(applyConfigFile(config.configFile, { dryRun: false, prune: false }, deps))
      logger.info({ file: config.configFile, changes: result.changes.length }, formatPlan(result).split('\n').at(-1)!)
    }
    const sts = await createStsDeps(storage.db, storage.secrets, () => new Date(), {
      federation: config.federation,
      saml: config.saml,
      warn: (fields, message) => logger.warn(fields, message),
    })
    const server = await listen(createApp({ config, db: storage.db, logger, ...sts }), config)
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
    logger.info({ url, database: storage.db.kind, account: config.defaultAccountId }, 'stsgate is ready')
    return { url, storage, close: () => stop(server, storage) }
  } catch (error) {
    await storage.close()
    throw error
  }
}

const asConfigError = <T>(work: Promise<T>): Promise<T> =>
  work.catch((error: unknown) => {
    throw error instanceof ConfigFileError ? new ConfigError('STSGATE_CONFIG', error.message) : error
  })

async function listen(app: ReturnType<typeof createApp>, config: Config): Promise<Server> {
  const server = app.listen(config.port, config.host)
  try {
    await once(server, 'listening')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new ConfigError('PORT', `${config.port} is already in use on ${config.host}`)
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new ConfigError('HOST', `cannot listen on ${config.host}`)
    throw error
  }
  return server
}

async function stop(server: Server, storage: Storage): Promise<void> {
  const closed = once(server, 'close')
  server.close()
  server.closeIdleConnections()
  const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS)
  try {
    await closed
  } finally {
    clearTimeout(force)
    await storage.close()
  }
}
