import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { arns, parseIamArn } from '../../iam/arns.ts'
import { MAX_POLICIES_PER_USER, MAX_POLICY_VERSIONS, policyErrors } from '../../iam/policy-errors.ts'
import { storedTags, type IamTag } from '../../iam/iam-parameters.ts'
import type { PageRequest } from '../../iam/pagination.ts'
import { POLICY_SIZE_LIMITS, policySize } from '../../policy/size-limits.ts'
import { generateUniqueId } from '../../credentials/unique-id.ts'
import type { SecretBox } from '../secret-box.ts'
import { pathStartsWith } from './path-prefix.ts'
import { prismaErrorCode } from '../prisma-errors.ts'

/** A customer managed policy as GetPolicy reports it. */
export interface ManagedPolicyRecord {
  readonly id: string
  readonly name: string
  /** Lower-cased name: the list order and marker key. */
  readonly nameKey: string
  readonly path: string
  readonly arn: string
  readonly description: string | null
  readonly defaultVersionId: string
  readonly tags: IamTag[]
  readonly createdAt: Date
  readonly updatedAt: Date
  /** Users and roles it is attached to. */
  readonly attachmentCount: number
  /** Users and roles whose permissions boundary it is. */
  readonly boundaryUsageCount: number
}

export interface PolicyVersionRecord {
  readonly versionId: string
  readonly document: string
  readonly isDefault: boolean
  readonly createdAt: Date
}

export interface PolicyListFilter {
  readonly pathPrefix: string
  readonly onlyAttached: boolean
  readonly usage: 'PermissionsPolicy' | 'PermissionsBoundary' | undefined
}

export interface StoredUser { readonly id: string; readonly name: string; readonly path: string; readonly permissionsBoundaryArn: string | null }

type Db = Prisma.TransactionClient
type PolicyRow = { id: string; accountId: string; name: string; nameKey: string; path: string; description: string | null; defaultVersionId: string; tags: unknown; createdAt: Date; updatedAt: Date }

const COUNTS = { _count: { select: { userAttachments: true, roleAttachments: true } } } as const

const versionNumber = (versionId: string) => Number(/^v(\d+)$/.exec(versionId)?.[1] ?? 0)

/**
 * Customer managed policies and their versions; users' inline policies, attachments and
 * permissions boundaries. Writes the rows `stsgate apply` writes (nameKey lower-cased,
 * fromConfig false). Changes that read before they write run in one transaction that locks the
 * row the rule is about, so concurrent requests cannot pass a quota or delete what is in use.
 * Throws the IAM errors of policy-errors.ts.
 */
export class PolicyStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}

  // ---- managed policies

  async create(input: { accountId: string; name: string; path: string; description: string | undefined; document: string; tags: IamTag[]; now: Date }): Promise<ManagedPolicyRecord> {
    const { accountId, name, path, now } = input
    try {
      const row = await this.prisma.managedPolicy.create({
        data: {
          id: generateUniqueId('ANPA'), accountId, name, nameKey: name.toLowerCase(), path,
          description: input.description ?? null, defaultVersionId: 'v1', lastVersionNumber: 1,
          tags: input.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })), fromConfig: false, createdAt: now, updatedAt: now,
          versions: { create: { versionId: 'v1', document: input.document, createdAt: now } },
        },
      })
      return record(row, 0, 0)
    } catch (error) {
      if (prismaErrorCode(error) === 'P2002') throw policyErrors.alreadyExists(name)
      throw error
    }
  }

  /** The policy an ARN names in the account (name without case, path exactly), or undefined. */
  async find(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
    const row = await this.#row(this.prisma, accountId, arn)
    if (!row) return undefined
    const uses = await this.#boundaryUses(accountId)
    return record(row, row._count.userAttachments + row._count.roleAttachments, uses.get(policyArn(row)) ?? 0)
  }

  /** One page of the account's policies in name order. */
  async list(accountId: string, filter: PolicyListFilter, page: PageRequest): Promise<ManagedPolicyRecord[]> {
    const uses = await this.#boundaryUses(accountId)
    const attached = { OR: [{ userAttachments: { some: {} } }, { roleAttachments: { some: {} } }] }
    const asBoundary = [...uses.keys()].map((arn) => parseIamArn(arn, 'policy')).filter((parts) => parts?.accountId === accountId)
    const rows = await this.prisma.managedPolicy.findMany({
      where: {
        accountId,
        path: pathStartsWith(filter.pathPrefix),
        ...(page.after !== undefined && { nameKey: { gt: page.after } }),
        ...(filter.usage === 'PermissionsBoundary'
          ? { nameKey: { in: asBoundary.map((parts) => parts!.name.toLowerCase()), ...(page.after !== undefined && { gt: page.after }) } }
          : (filter.onlyAttached || filter.usage === 'PermissionsPolicy') && attached),
      },
      orderBy: { nameKey: 'asc' },
      take: page.maxItems + 1,
      include: COUNTS,
    })
    return rows
      .map((row) => record(row, row._count.userAttachments + row._count.roleAttachments, uses.get(policyArn(row)) ?? 0))
      .filter((policy) => filter.usage !== 'PermissionsBoundary' || policy.boundaryUsageCount > 0)
  }

  /** Deletes a policy with its only (default) version; refused while in use or with other versions. */
  async delete(accountId: string, arn: string): Promise<void> {
    await this.#write(async (tx) => {
      const row = await this.#lockedRow(tx, accountId, arn, 'UPDATE')
      if (!row) throw policyErrors.notFound(arn)
      const used = row._count.userAttachments + row._count.roleAttachments + ((await this.#boundaryUses(accountId, tx)).get(policyArn(row)) ?? 0)
      if (used > 0) throw policyErrors.attached()
      if ((await tx.policyVersion.count({ where: { policyId: row.id } })) > 1) throw policyErrors.hasVersions()
      await tx.managedPolicy.delete({ where: { id: row.id } })
    }, () => policyErrors.attached())
  }

  // ---- versions

  /** Adds version v<last+1> (ids are never reused), the default when `setAsDefault`. */
  async createVersion(accountId: string, arn: string, document: string, setAsDefault: boolean, now: Date): Promise<PolicyVersionRecord> {
    return this.#write(async (tx) => {
      const row = await this.#lockedRow(tx, accountId, arn, 'UPDATE')
      if (!row) throw policyErrors.notFound(arn)
      if ((await tx.policyVersion.count({ where: { policyId: row.id } })) >= MAX_POLICY_VERSIONS) throw policyErrors.tooManyVersions()
      const { lastVersionNumber } = await tx.managedPolicy.update({
        where: { id: row.id },
        data: { lastVersionNumber: { increment: 1 }, updatedAt: now },
        select: { lastVersionNumber: true },
      })
      const versionId = `v${lastVersionNumber}`
      await tx.policyVersion.create({ data: { policyId: row.id, versionId, document, createdAt: now } })
      if (setAsDefault) await tx.managedPolicy.update({ where: { id: row.id }, data: { defaultVersionId: versionId, updatedAt: now } })
      return { versionId, document, isDefault: setAsDefault, createdAt: now }
    })
  }

  async getVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord> {
    const row = await this.#row(this.prisma, accountId, arn)
    if (!row) throw policyErrors.notFound(arn)
    const version = await this.prisma.policyVersion.findUnique({ where: { policyId_versionId: { policyId: row.id, versionId } } })
    if (!version) throw policyErrors.versionNotFound(arn, versionId)
    return { versionId, document: version.document, isDefault: versionId === row.defaultVersionId, createdAt: version.createdAt }
  }

  /** Every version of a policy (at most five), newest first, as IAM lists them. */
  async listVersions(accountId: string, arn: string): Promise<PolicyVersionRecord[]> {
    const row = await this.#row(this.prisma, accountId, arn)
    if (!row) throw policyErrors.notFound(arn)
    const versions = await this.prisma.policyVersion.findMany({ where: { policyId: row.id } })
    return versions
      .map((version) => ({ versionId: version.versionId, document: version.document, isDefault: version.versionId === row.defaultVersionId, createdAt: version.createdAt }))
      .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId))
  }

  async deleteVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    await this.#write(async (tx) => {
      const row = await this.#lockedRow(tx, accountId, arn, 'UPDATE')
      if (!row) throw policyErrors.notFound(arn)
      if (row.defaultVersionId === versionId) throw policyErrors.defaultVersion()
      const { count } = await tx.policyVersion.deleteMany({ where: { policyId: row.id, versionId } })
      if (count === 0) throw policyErrors.versionNotFound(arn, versionId)
    })
  }

  async setDefaultVersion(accountId: string, arn: string, versionId: string, now: Date): Promise<void> {
    await this.#write(async (tx) => {
      const row = await this.#lockedRow(tx, accountId, arn, 'UPDATE')
      if (!row) throw policyErrors.notFound(arn)
      const version = await tx.policyVersion.findUnique({ where: { policyId_versionId: { policyId: row.id, versionId } } })
      if (!version) throw policyErrors.versionNotFound(arn, versionId)
      await tx.managedPolicy.update({ where: { id: row.id }, data: { defaultVersionId: versionId, updatedAt: now } })
    })
  }

  // ---- users' policies

  /**
   * Adds or replaces a user's inline policy. The user's inline policies together stay within the
   * user-inline quota (IAM counts the aggregate), checked under the user's row lock.
   */
  async putUserPolicy(accountId: string, userName: string, policyName: string, document: string): Promise<void> {
    await this.#write(async (tx) => {
      const user = await this.#lockedUser(tx, accountId, userName)
      const others = await tx.userInlinePolicy.findMany({ where: { userId: user.id, name: { not: policyName } }, select: { document: true } })
      const total = [...others.map((other) => other.document), document].reduce((sum, text) => sum + policySize(text), 0)
      if (total > POLICY_SIZE_LIMITS['user-inline']) throw policyErrors.userInlineTooLarge(user.name)
      const key = { userId_name: { userId: user.id, name: policyName } }
      await tx.userInlinePolicy.upsert({ where: key, create: { userId: user.id, name: policyName, document }, update: { document } })
    })
  }

  async getUserPolicy(accountId: string, userName: string, policyName: string): Promise<{ userName: string; document: string }> {
    const user = await this.#user(accountId, userName)
    const policy = await this.prisma.userInlinePolicy.findUnique({ where: { userId_name: { userId: user.id, name: policyName } } })
    if (!policy) throw policyErrors.userPolicyNotFound(policyName)
    return { userName: user.name, document: policy.document }
  }

  /** One page of a user's inline policy names, in name order. */
  async listUserPolicies(accountId: string, userName: string, page: PageRequest): Promise<string[]> {
    const user = await this.#user(accountId, userName)
    const rows = await this.prisma.userInlinePolicy.findMany({
      where: { userId: user.id, ...(page.after !== undefined && { name: { gt: page.after } }) },
      orderBy: { name: 'asc' },
      take: page.maxItems + 1,
      select: { name: true },
    })
    return rows.map((row) => row.name)
  }

  async deleteUserPolicy(accountId: string, userName: string, policyName: string): Promise<void> {
    const user = await this.#user(accountId, userName)
    const { count } = await this.prisma.userInlinePolicy.deleteMany({ where: { userId: user.id, name: policyName } })
    if (count === 0) throw policyErrors.userPolicyNotFound(policyName)
  }

  /** Attaches a managed policy of the account; attaching it again changes nothing, as in IAM. */
  async attachUserPolicy(accountId: string, userName: string, arn: string): Promise<void> {
    await this.#write(async (tx) => {
      const user = await this.#lockedUser(tx, accountId, userName)
      const policy = await this.#lockedRow(tx, accountId, arn, 'SHARE')
      if (!policy) throw policyErrors.notAttachable(arn)
      const attached = await tx.userPolicyAttachment.findMany({ where: { userId: user.id }, select: { policyId: true } })
      if (attached.some((row) => row.policyId === policy.id)) return
      if (attached.length >= MAX_POLICIES_PER_USER) throw policyErrors.tooManyAttached()
      await tx.userPolicyAttachment.create({ data: { userId: user.id, policyId: policy.id } })
    }, () => policyErrors.notAttachable(arn))
  }

  async detachUserPolicy(accountId: string, userName: string, arn: string): Promise<void> {
    const user = await this.#user(accountId, userName)
    const policy = await this.#row(this.prisma, accountId, arn)
    const { count } = policy ? await this.prisma.userPolicyAttachment.deleteMany({ where: { userId: user.id, policyId: policy.id } }) : { count: 0 }
    if (count === 0) throw policyErrors.notFound(arn)
  }

  /** One page of the managed policies attached to a user, in policy name order. */
  async listAttachedUserPolicies(accountId: string, userName: string, pathPrefix: string, page: PageRequest): Promise<Array<{ name: string; nameKey: string; arn: string }>> {
    const user = await this.#user(accountId, userName)
    const rows = await this.prisma.userPolicyAttachment.findMany({
      where: { userId: user.id, policy: { path: pathStartsWith(pathPrefix), ...(page.after !== undefined && { nameKey: { gt: page.after } }) } },
      orderBy: { policy: { nameKey: 'asc' } },
      take: page.maxItems + 1,
      select: { policy: true },
    })
    return rows.map(({ policy }) => ({ name: policy.name, nameKey: policy.nameKey, arn: policyArn(policy) }))
  }

  /** Sets a user's permissions boundary to a managed policy of the account. */
  async putUserBoundary(accountId: string, userName: string, arn: string): Promise<void> {
    await this.#write(async (tx) => {
      const user = await this.#lockedUser(tx, accountId, userName)
      const policy = await this.#lockedRow(tx, accountId, arn, 'SHARE')
      if (!policy) throw policyErrors.boundaryNotFound(arn)
      await tx.iamUser.update({ where: { id: user.id }, data: { permissionsBoundaryArn: policyArn(policy) } })
    })
  }

  /** Removes a user's permissions boundary; a user without one stays so. */
  async deleteUserBoundary(accountId: string, userName: string): Promise<void> {
    const user = await this.#user(accountId, userName)
    await this.prisma.iamUser.update({ where: { id: user.id }, data: { permissionsBoundaryArn: null } })
  }

  // ---- helpers

  async #user(accountId: string, userName: string): Promise<StoredUser> {
    const user = await this.prisma.iamUser.findUnique({
      where: { accountId_nameKey: { accountId, nameKey: userName.toLowerCase() } },
      select: { id: true, name: true, path: true, permissionsBoundaryArn: true },
    })
    if (!user) throw policyErrors.userNotFound(userName)
    return user
  }

  /** The user's row, locked until the transaction ends (quotas on its policies are checked under it). */
  async #lockedUser(tx: Db, accountId: string, userName: string): Promise<StoredUser> {
    const ids = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM iam_users WHERE account_id = ${accountId} AND name_key = ${userName.toLowerCase()} FOR UPDATE`
    const id = ids[0]?.id
    const user = id === undefined ? null : await tx.iamUser.findUnique({ where: { id }, select: { id: true, name: true, path: true, permissionsBoundaryArn: true } })
    if (!user) throw policyErrors.userNotFound(userName)
    return user
  }

  async #row(db: Db, accountId: string, arn: string) {
    const parts = parseIamArn(arn, 'policy')
    if (!parts || parts.accountId !== accountId) return undefined
    const row = await db.managedPolicy.findUnique({ where: { accountId_nameKey: { accountId, nameKey: parts.name.toLowerCase() } }, include: COUNTS })
    return row && row.path === parts.path ? row : undefined
  }

  /** The policy's row, locked FOR UPDATE (changing it) or FOR SHARE (depending on it) until the transaction ends. */
  async #lockedRow(tx: Db, accountId: string, arn: string, mode: 'UPDATE' | 'SHARE') {
    const parts = parseIamArn(arn, 'policy')
    if (!parts || parts.accountId !== accountId) return undefined
    const nameKey = parts.name.toLowerCase()
    if (mode === 'UPDATE') await tx.$queryRaw`SELECT id FROM managed_policies WHERE account_id = ${accountId} AND name_key = ${nameKey} FOR UPDATE`
    else await tx.$queryRaw`SELECT id FROM managed_policies WHERE account_id = ${accountId} AND name_key = ${nameKey} FOR SHARE`
    return this.#row(tx, accountId, arn)
  }

  /** How many users and roles of the account use each policy ARN as their permissions boundary. */
  async #boundaryUses(accountId: string, db: Db = this.prisma): Promise<Map<string, number>> {
    const where = { accountId, permissionsBoundaryArn: { not: null } }
    const [users, roles] = await Promise.all([
      db.iamUser.groupBy({ by: ['permissionsBoundaryArn'], where, _count: { _all: true } }),
      db.role.groupBy({ by: ['permissionsBoundaryArn'], where, _count: { _all: true } }),
    ])
    const uses = new Map<string, number>()
    for (const group of [...users, ...roles]) {
      const arn = group.permissionsBoundaryArn!
      uses.set(arn, (uses.get(arn) ?? 0) + group._count._all)
    }
    return uses
  }

  /**
   * Runs `work` in one transaction. A foreign-key failure means a row it depends on went away
   * (or came) under it: `onForeignKey` says what that means for the caller; a unique-key failure
   * is a concurrent change of the same entity.
   */
  async #write<T>(work: (tx: Db) => Promise<T>, onForeignKey = () => policyErrors.changedMeanwhile()): Promise<T> {
    try {
      return await this.prisma.$transaction((tx) => work(tx))
    } catch (error) {
      if (prismaErrorCode(error) === 'P2003') throw onForeignKey()
      if (prismaErrorCode(error) === 'P2002') throw policyErrors.changedMeanwhile()
      throw error
    }
  }
}

function policyArn(row: { accountId: string; path: string; name: string }): string {
  return arns.policy(row.accountId, row.path, row.name)
}

function record(row: PolicyRow, attachmentCount: number, boundaryUsageCount: number): ManagedPolicyRecord {
  return {
    id: row.id, name: row.name, nameKey: row.nameKey, path: row.path, arn: policyArn(row), description: row.description,
    defaultVersionId: row.defaultVersionId, tags: storedTags(row.tags), createdAt: row.createdAt, updatedAt: row.updatedAt,
    attachmentCount, boundaryUsageCount,
  }
}
