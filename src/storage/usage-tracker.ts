import type { Database } from './database.ts'

// One write per key or role per minute at most: last-used data is for finding unused credentials,
// not an access log (the audit log is that), and AWS itself reports it hours late.
const WRITE_INTERVAL_MS = 60_000
const REMEMBERED_LIMIT = 100_000

/**
 * Records when long-term access keys and roles were last used (IAM GetAccessKeyLastUsed,
 * GetRole's RoleLastUsed). Best effort: a failed write never fails the call it describes.
 */
export class UsageTracker {
  readonly #written = new Map<string, { at: number; where: string }>()

  constructor(private readonly db: Pick<Database, 'execute'>) {}

  /** A request signed with the long-term key `accessKeyId` was verified, for `service` in `region`. */
  accessKeyUsed(accessKeyId: string, service: string, region: string, at: Date): Promise<void> {
    return this.#record(`key:${accessKeyId}`, `${service}/${region}`, at,
      'UPDATE access_keys SET last_used_at = $1, last_used_service = $2, last_used_region = $3 WHERE id = $4',
      [at, service, region, accessKeyId])
  }

  /** The role was assumed from `region` (undefined for the unsigned AssumeRoleWith* calls, which name none). */
  roleUsed(roleId: string, region: string | undefined, at: Date): Promise<void> {
    return this.#record(`role:${roleId}`, region ?? '', at,
      'UPDATE roles SET last_used_at = $1, last_used_region = $2 WHERE id = $3', [at, region ?? null, roleId])
  }

  async #record(key: string, where: string, at: Date, sql: string, params: unknown[]): Promise<void> {
    const previous = this.#written.get(key)
    if (previous && previous.where === where && at.getTime() - previous.at < WRITE_INTERVAL_MS) return
    if (this.#written.size >= REMEMBERED_LIMIT) this.#written.clear()
    this.#written.set(key, { at: at.getTime(), where })
    try {
      await this.db.execute(sql, params)
    } catch {
      // Best effort (see the class comment); the next use tries again.
      this.#written.delete(key)
    }
  }
}
