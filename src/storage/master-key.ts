import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ConfigError } from '../config/config-error.ts'
import { decodeMasterKey } from '../config/schema.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { SecretBox } from './secret-box.ts'

const KEY_FILE = 'master.key'
const CHECK_SETTING = 'master_key_check'

export interface MasterKeySource {
  readonly key: Buffer
  /** Where it came from, for the start-up log line (never the key itself). */
  readonly origin: 'STSGATE_MASTER_KEY' | 'generated' | 'key file'
}

/**
 * The configured master key, or the one in `<dataDir>/master.key`, created (mode 0600) when
 * missing. Throws ConfigError when the key file is unreadable or malformed.
 */
export function resolveMasterKey(configured: Buffer | undefined, dataDir: string): MasterKeySource {
  if (configured) return { key: configured, origin: 'STSGATE_MASTER_KEY' }
  const file = path.join(dataDir, KEY_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError('STSGATE_DATA_DIR', `cannot read ${file}: ${(error as Error).message}`)
    }
    const key = randomBytes(32)
    try {
      mkdirSync(dataDir, { recursive: true })
      writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    } catch (writeError) {
      // Another process created it first: use theirs.
      if ((writeError as NodeJS.ErrnoException).code === 'EEXIST') return resolveMasterKey(undefined, dataDir)
      throw new ConfigError('STSGATE_DATA_DIR', `cannot write ${file}: ${(writeError as Error).message}`)
    }
    return { key, origin: 'generated' }
  }
  const key = decodeMasterKey(text)
  if (!key) throw new ConfigError('STSGATE_DATA_DIR', `${file} does not hold a 32-byte key`)
  return { key, origin: 'key file' }
}

/**
 * Records the key's check value on first use and refuses a different key later: secrets sealed
 * under one key must not silently become unreadable (or be mixed with another key's).
 */
export async function bindMasterKey(prisma: PrismaClient, box: SecretBox): Promise<void> {
  const value = box.checkValue()
  // First writer wins atomically; everyone then compares with what is stored.
  await prisma.$executeRaw`
    INSERT INTO system_settings (key, value, updated_at) VALUES (${CHECK_SETTING}, ${value}, now())
    ON CONFLICT (key) DO NOTHING`
  const stored = await prisma.systemSetting.findUniqueOrThrow({ where: { key: CHECK_SETTING } })
  if (stored.value !== value) {
    throw new ConfigError(
      'STSGATE_MASTER_KEY',
      'does not match the key this database was initialised with (secrets sealed under it could not be read)',
    )
  }
}
