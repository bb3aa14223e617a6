import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'

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

  async record(entry: AuditRecord): Promise<void> {
    await this.prisma.auditEvent.create({ data: { ...entry, detail: (entry.detail ?? {}) as Prisma.InputJsonObject } })
  }

  async recent(limit = 100) {
    return this.prisma.auditEvent.findMany({ orderBy: { id: 'desc' }, take: limit })
  }
}
