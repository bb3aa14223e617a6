import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { applyConfigText } from '../../src/apply/index.ts'
import { createApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config/load.ts'
import { createLogger } from '../../src/logging/logger.ts'
import { openDatabase } from '../../src/storage/database.ts'
import { ensureDefaultAccount } from '../../src/storage/root-credentials-store.ts'
import { SecretBox } from '../../src/storage/secret-box.ts'
import type { IamDirectory } from '../../src/storage/iam-directory.ts'
import { createStsDeps } from '../../src/sts/sts-wiring.ts'
import { openTestDatabase, type TestDatabase } from './database.ts'

export const ACCOUNT = '123456789012'
export const ROOT = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }

export interface StsTestServer {
  readonly url: string
  readonly database: TestDatabase
  /** Moves the server's clock (tests of signature and session expiry). */
  setClockOffset(ms: number): void
  /** The server's IAM reads (revoking a role's sessions). */
  readonly directory: IamDirectory
  /** The master key's box the server's secrets are sealed with (to act on the same key ring). */
  readonly secrets: SecretBox
  close(): Promise<void>
}

export interface StsTestServerOptions {
  /**
   * An existing Postgres database to run over (migrated if need be, left in place on close) instead
   * of a fresh one: a second instance beside another over one database.
   */
  readonly databaseUrl?: string
  /** The master key's box; another instance's `secrets` to share its key ring (default: a new random key). */
  readonly secrets?: SecretBox
}

/**
 * The real app on port 0 over a fresh test database: the default account with ROOT as its root
 * key, plus whatever `config` (a stsgate apply file) declares. `env` holds stsgate settings
 * (e.g. STSGATE_OIDC_ALLOW_HTTP_LOOPBACK for a test IdP on plain http); `options` let several
 * instances share one Postgres database.
 */
export async function startStsTestServer(
  config: string, env: Readonly<Record<string, string>> = {}, options: StsTestServerOptions = {},
): Promise<StsTestServer> {
  const database = options.databaseUrl === undefined ? await openTestDatabase() : await openSharedDatabase(options.databaseUrl)
  const secrets = options.secrets ?? new SecretBox(randomBytes(32))
  const { prisma } = database.db
  await ensureDefaultAccount(prisma, secrets, ACCOUNT, ROOT)
  await applyConfigText(config, 'test.yaml', { dryRun: false, prune: false }, { db: database.db, secrets })
  let offset = 0
  const clock = () => new Date(Date.now() + offset)
  const settings = loadConfig(env)
  const sts = await createStsDeps(database.db, secrets, clock, { federation: settings.federation, saml: settings.saml, warn: () => undefined })
  const app = createApp({
    config: settings,
    db: database.db,
    logger: createLogger({ level: 'silent', pretty: false }),
    ...sts,
  })
  const server: Server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    database,
    directory: sts.directory,
    secrets,
    setClockOffset: (ms) => { offset = ms },
    close: async () => {
      server.close()
      server.closeAllConnections()
      await database.close()
    },
  }
}

/** An existing Postgres database, migrated (instances starting together take turns on the migration lock); closing leaves it in place. */
async function openSharedDatabase(url: string): Promise<TestDatabase> {
  const db = await openDatabase({ kind: 'postgres', url })
  await db.migrate()
  return { db, url, close: () => db.close() }
}
