import type { Database } from './database.ts'

/** JSON as the audit detail holds it; storage-agnostic so callers need not know Prisma. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined }
export type JsonObject = { readonly [key: string]: JsonValue | undefined }

export interface AuditRecord {
  readonly requestId: string
  readonly service: 'sts' | 'iam' | 'web' | 'admin'
  readonly action: string
  readonly outcome: 'success' | 'failure'
  readonly errorCode?: string
  readonly accountId?: string
  readonly principalArn?: string
  readonly sourceIp?: string
  readonly userAgent?: string
  /** Non-secret facts about the call (role ARN, session name, issuer, …). */
  readonly detail?: JsonObject
}

// Rows written by one INSERT at most (10 parameters each, far below Postgres's 65,535).
const BATCH_LIMIT = 200
const COLUMNS = 10

interface Pending {
  readonly entry: AuditRecord
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/**
 * Append-only record of every STS/IAM call and sign-in step. Rows are group-committed: calls
 * that arrive while an INSERT is in flight wait for the next one, which writes all of them in one
 * statement. Each call still returns only once its own row is committed, so "recorded before
 * answered" holds, while a busy server makes one round trip per batch rather than per call.
 */
export class AuditLog {
  #queue: Pending[] = []
  #flushing = false

  constructor(private readonly db: Database) {}

  record(entry: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ entry, resolve, reject })
      if (!this.#flushing) void this.#flush()
    })
  }

  async #flush(): Promise<void> {
    this.#flushing = true
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, BATCH_LIMIT)
        try {
          await this.#insert(batch.map((pending) => pending.entry))
          for (const pending of batch) pending.resolve()
        } catch (error) {
          // One unwritable row must not fail its neighbours: write them one by one.
          if (batch.length === 1) batch[0]!.reject(error)
          else await Promise.all(batch.map((pending) => this.#insert([pending.entry]).then(pending.resolve, pending.reject)))
        }
      }
    } finally {
      this.#flushing = false
    }
  }

  /**
   * One parameterised INSERT through the driver: this runs on every STS/IAM call, and Prisma's
   * runtime spends more CPU on a query than the database spends on the rows (npm run bench -- sts).
   */
  async #insert(entries: readonly AuditRecord[]): Promise<void> {
    const values: unknown[] = []
    const rows = entries.map((entry, index) => {
      values.push(...[entry.requestId, entry.service, entry.action, entry.outcome, entry.errorCode, entry.accountId,
        entry.principalArn, entry.sourceIp, entry.userAgent].map((value) => (value === undefined ? null : storable(value))),
        JSON.stringify(entry.detail ?? {}, (_key, value: unknown) => storable(value)))
      const n = index * COLUMNS
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}::"AuditOutcome", $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8}, $${n + 9}, $${n + 10}::jsonb)`
    })
    await this.db.execute(
      `INSERT INTO audit_events (request_id, service, action, outcome, error_code, account_id, principal_arn, source_ip, user_agent, detail) VALUES ${rows.join(', ')}`,
      values,
    )
  }

  async recent(limit = 100) {
    return this.db.prisma.auditEvent.findMany({ orderBy: { id: 'desc' }, take: limit })
  }
}

/**
 * Postgres text and jsonb cannot hold U+0000, and a caller can send one in any parameter: it is
 * recorded as U+FFFD rather than failing the call's audit write (and so the call).
 */
function storable<T>(value: T): T | string {
  return typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\ufffd') : value
}
