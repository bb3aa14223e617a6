import { randomUUID } from 'node:crypto'
import { AuditLog } from '../../storage/audit-log.ts'
import type { Database } from '../../storage/database.ts'
import { KeyRing } from '../../storage/key-ring.ts'
import { openStorage } from '../../storage/open-storage.ts'
import { SealingKeys, type SealingPurpose } from '../../storage/sealing-keys.ts'
import type { SecretBox } from '../../storage/secret-box.ts'
import { parseStrict, UsageError } from '../usage.ts'
import { commandContext } from './context.ts'

const PURPOSES: readonly SealingPurpose[] = ['session-token', 'authorization-message']

/**
 * `stsgate rotate-keys [--purpose session-token|authorization-message]`: retires the active
 * sealing key (of one purpose, or of both) and makes a new one. What the old key sealed keeps
 * opening, so no live session ends; running servers seal with the new key within a minute.
 */
export async function runRotateKeys(args: string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const purposes = parseRotateKeys(args)
  const { config, logger } = commandContext(env)
  const storage = await openStorage(config, logger)
  try {
    for (const line of await rotateSealingKeys(storage.db, storage.secrets, purposes)) process.stdout.write(`${line}\n`)
    return 0
  } finally {
    await storage.close()
  }
}

/** The purposes to rotate; throws UsageError. */
export function parseRotateKeys(args: readonly string[]): readonly SealingPurpose[] {
  const { values } = parseStrict('rotate-keys', args, { purpose: { type: 'string' } })
  if (values.purpose === undefined) return PURPOSES
  const purpose = PURPOSES.find((known) => known === values.purpose)
  if (!purpose) throw new UsageError(`rotate-keys: --purpose must be ${PURPOSES.join(' or ')} (got "${values.purpose}")`)
  return [purpose]
}

/** Rotates each purpose's key; one line per purpose naming the retired and the new key. */
export async function rotateSealingKeys(db: Database, secrets: SecretBox, purposes: readonly SealingPurpose[]): Promise<string[]> {
  const keyRing = new KeyRing(db.prisma, secrets)
  const audit = new AuditLog(db)
  const lines: string[] = []
  for (const purpose of purposes) {
    const keys = await SealingKeys.open(keyRing, purpose)
    const retired = (await keys.active()).id
    const active = (await keys.rotate()).id
    await audit.record({ requestId: randomUUID(), service: 'admin', action: 'RotateKeys', outcome: 'success', detail: { purpose, retired, active } })
    lines.push(`${purpose}: retired ${retired}, now sealing with ${active}.`)
  }
  return lines
}
