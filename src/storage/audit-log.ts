import type { PrismaClient } from '../generated/prisma/client.ts'

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

/** Append-only record of every STS/IAM call and sign-in step. */
export class AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One parameterised INSERT: this runs on every STS/IAM call, and the typed `create` spends more
   * CPU building its query than the database spends on the row (npm run bench -- sts).
   */
  async record(entry: AuditRecord): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO audit_events (request_id, service, action, outcome, error_code, account_id, principal_arn, source_ip, user_agent, detail)
      VALUES (${entry.requestId}, ${entry.service}, ${entry.action}, ${entry.outcome}::"AuditOutcome", ${entry.errorCode ?? null},
              ${entry.accountId ?? null}, ${entry.principalArn ?? null}, ${entry.sourceIp ?? null}, ${entry.userAgent ?? null},
              ${JSON.stringify(entry.detail ?? {})}::jsonb)`
  }

  async recent(limit = 100) {
    return this.prisma.auditEvent.findMany({ orderBy: { id: 'desc' }, take: limit })
  }
}
