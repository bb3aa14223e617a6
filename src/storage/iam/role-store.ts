import type { PrismaClient } from '../../generated/prisma/client.ts'
import { ServiceError } from '../../errors.ts'
import { generateUniqueId } from '../../credentials/unique-id.ts'
import { arns, parseIamArn } from '../../iam/arns.ts'
import { storedTags, type IamTag } from '../../iam/iam-parameters.ts'
import type { SecretBox } from '../secret-box.ts'
import { pathStartsWith } from './path-prefix.ts'
import { noSuchRole } from '../../iam/entity-errors.ts'
import { isUniqueViolation } from '../prisma-errors.ts'

/** A role as the IAM API shows it. */
export interface RoleRecord {
  readonly id: string
  readonly accountId: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly description: string | undefined
  readonly trustPolicy: string
  readonly maxSessionDuration: number
  readonly permissionsBoundaryArn: string | undefined
  readonly tags: readonly IamTag[]
  readonly createdAt: Date
  readonly lastUsedAt: Date | undefined
  readonly lastUsedRegion: string | undefined
}

export interface NewRole {
  readonly accountId: string
  readonly name: string
  readonly path: string
  readonly trustPolicy: string
  readonly description: string | undefined
  readonly maxSessionDuration: number
  readonly permissionsBoundaryArn: string | undefined
  readonly tags: readonly IamTag[]
}

/** A managed policy attached to a role, as ListAttachedRolePolicies shows it. */
export interface AttachedPolicyRecord {
  readonly name: string
  readonly nameKey: string
  readonly arn: string
  readonly path: string
}

/** Where a list page starts: after this sort key, at most `limit` rows. */
export interface RowRange {
  readonly after: string | undefined
  readonly limit: number
}

/** Keys a role by its account and its name, compared without case (IAM names). */
export interface RoleKey {
  readonly accountId: string
  readonly name: string
}

// IAM "IAM and AWS STS quotas": managed policies attached to one role.
export const MAX_POLICIES_PER_ROLE = 10

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
type RoleRow = NonNullable<Awaited<ReturnType<PrismaClient['role']['findUnique']>>>

// Role changes are a read and a write; a short transaction holds the role row meanwhile.
const TRANSACTION = { timeout: 15_000, maxWait: 10_000 }

/**
 * Roles: trust policy, settings, tags, inline and attached policies, permissions boundary, last
 * use. Writes the rows `stsgate apply` writes (`nameKey` lower-cased, `fromConfig: false`, tags
 * JSON `[{Key, Value}]`). Every change that reads before it writes runs in one transaction that
 * locks the role row first, so concurrent changes to one role (tags, attachments, the inline
 * quota) serialise instead of losing one another.
 */
export class RoleStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}

  /** Creates the role. Throws EntityAlreadyExists (any case of the name), NoSuchEntity for an unknown boundary. */
  async create(role: NewRole): Promise<RoleRecord> {
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        if (role.permissionsBoundaryArn !== undefined) await requireBoundaryPolicy(tx, role.accountId, role.permissionsBoundaryArn)
        return tx.role.create({
          data: {
            id: generateUniqueId('AROA'), accountId: role.accountId, name: role.name, nameKey: role.name.toLowerCase(), path: role.path,
            trustPolicy: role.trustPolicy, description: role.description ?? null, maxSessionDuration: role.maxSessionDuration,
            permissionsBoundaryArn: role.permissionsBoundaryArn ?? null, tags: role.tags.map((tag) => ({ ...tag })), fromConfig: false,
          },
        })
      }, TRANSACTION)
      return record(row)
    } catch (error) {
      if (isUniqueViolation(error)) throw new ServiceError('EntityAlreadyExists', `Role with name ${role.name} already exists.`)
      throw error
    }
  }

  /** The role, or undefined. */
  async find(key: RoleKey): Promise<RoleRecord | undefined> {
    const row = await this.prisma.role.findUnique({ where: whereRole(key) })
    return row ? record(row) : undefined
  }

  /** The role; NoSuchEntity when there is none. */
  async get(key: RoleKey): Promise<RoleRecord> {
    const role = await this.find(key)
    if (!role) throw noSuchRole(key.name)
    return role
  }

  /** Roles whose path starts with `pathPrefix`, by lower-cased name after `range.after`. */
  async list(accountId: string, pathPrefix: string, range: RowRange): Promise<RoleRecord[]> {
    const rows = await this.prisma.role.findMany({
      where: { accountId, path: pathStartsWith(pathPrefix), ...(range.after !== undefined && { nameKey: { gt: range.after } }) },
      orderBy: { nameKey: 'asc' },
      take: range.limit,
    })
    return rows.map(record)
  }

  /** Sets what is given of description and maximum session duration. NoSuchEntity when the role is gone. */
  async update(key: RoleKey, change: { description?: string | undefined; maxSessionDuration?: number | undefined }): Promise<RoleRecord> {
    return this.#change(key, async (tx, row) => tx.role.update({
      where: { id: row.id },
      data: {
        ...(change.description !== undefined && { description: change.description }),
        ...(change.maxSessionDuration !== undefined && { maxSessionDuration: change.maxSessionDuration }),
      },
    }))
  }

  async setTrustPolicy(key: RoleKey, document: string): Promise<void> {
    await this.#change(key, (tx, row) => tx.role.update({ where: { id: row.id }, data: { trustPolicy: document } }))
  }

  /**
   * Deletes the role. DeleteConflict while managed policies are attached, then while inline
   * policies remain (that order, as IAM reports them).
   */
  async delete(key: RoleKey): Promise<void> {
    await this.#change(key, async (tx, row) => {
      if (await tx.rolePolicyAttachment.count({ where: { roleId: row.id } }) > 0) {
        throw new ServiceError('DeleteConflict', 'Cannot delete entity, must detach all policies first.')
      }
      if (await tx.roleInlinePolicy.count({ where: { roleId: row.id } }) > 0) {
        throw new ServiceError('DeleteConflict', 'Cannot delete entity, must delete policies first.')
      }
      return tx.role.delete({ where: { id: row.id } })
    })
  }

  /**
   * Creates or replaces an inline policy. `check` sees the role's other inline documents (the
   * quota is on their sum) and throws to refuse, inside the same transaction.
   */
  async putInlinePolicy(key: RoleKey, name: string, document: string, check: (others: readonly string[]) => void): Promise<void> {
    await this.#change(key, async (tx, row) => {
      const others = await tx.roleInlinePolicy.findMany({ where: { roleId: row.id, name: { not: name } }, select: { document: true } })
      check(others.map((other) => other.document))
      await tx.roleInlinePolicy.upsert({
        where: { roleId_name: { roleId: row.id, name } },
        create: { roleId: row.id, name, document },
        update: { document },
      })
      return row
    })
  }

  /** The inline policy's document; NoSuchEntity for the role or the policy. */
  async getInlinePolicy(key: RoleKey, name: string): Promise<{ role: RoleRecord; document: string }> {
    const role = await this.get(key)
    const policy = await this.prisma.roleInlinePolicy.findUnique({ where: { roleId_name: { roleId: role.id, name } } })
    if (!policy) throw noSuchRolePolicy(name)
    return { role, document: policy.document }
  }

  /** Inline policy names after `range.after`, in name order. */
  async listInlinePolicies(key: RoleKey, range: RowRange): Promise<string[]> {
    const role = await this.get(key)
    const rows = await this.prisma.roleInlinePolicy.findMany({
      where: { roleId: role.id, ...(range.after !== undefined && { name: { gt: range.after } }) },
      orderBy: { name: 'asc' },
      take: range.limit,
      select: { name: true },
    })
    return rows.map((row) => row.name)
  }

  async deleteInlinePolicy(key: RoleKey, name: string): Promise<void> {
    await this.#change(key, async (tx, row) => {
      const { count } = await tx.roleInlinePolicy.deleteMany({ where: { roleId: row.id, name } })
      if (count === 0) throw noSuchRolePolicy(name)
      return row
    })
  }

  /**
   * Attaches a managed policy of the role's account (attaching it again changes nothing).
   * NoSuchEntity when the policy does not exist, LimitExceeded past 10 policies.
   */
  async attachPolicy(key: RoleKey, policyArn: string): Promise<void> {
    await this.#change(key, async (tx, row) => {
      const policy = await findPolicy(tx, key.accountId, policyArn)
      if (!policy) throw new ServiceError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`)
      const attached = await tx.rolePolicyAttachment.findMany({ where: { roleId: row.id }, select: { policyId: true } })
      if (attached.some((attachment) => attachment.policyId === policy.id)) return row
      if (attached.length >= MAX_POLICIES_PER_ROLE) throw new ServiceError('LimitExceeded', `Cannot exceed quota for PoliciesPerRole: ${MAX_POLICIES_PER_ROLE}`)
      await tx.rolePolicyAttachment.create({ data: { roleId: row.id, policyId: policy.id } })
      return row
    })
  }

  /** Detaches the policy; NoSuchEntity when it is not attached to the role. */
  async detachPolicy(key: RoleKey, policyArn: string): Promise<void> {
    await this.#change(key, async (tx, row) => {
      const policy = await findPolicy(tx, key.accountId, policyArn)
      const { count } = policy ? await tx.rolePolicyAttachment.deleteMany({ where: { roleId: row.id, policyId: policy.id } }) : { count: 0 }
      if (count === 0) throw new ServiceError('NoSuchEntity', `Policy ${policyArn} was not found.`)
      return row
    })
  }

  /** Attached policies whose path starts with `pathPrefix`, by lower-cased name after `range.after`. */
  async listAttachedPolicies(key: RoleKey, pathPrefix: string, range: RowRange): Promise<AttachedPolicyRecord[]> {
    const role = await this.get(key)
    const rows = await this.prisma.managedPolicy.findMany({
      where: {
        roleAttachments: { some: { roleId: role.id } },
        path: pathStartsWith(pathPrefix),
        ...(range.after !== undefined && { nameKey: { gt: range.after } }),
      },
      orderBy: { nameKey: 'asc' },
      take: range.limit,
      select: { accountId: true, name: true, nameKey: true, path: true },
    })
    return rows.map((row) => ({ name: row.name, nameKey: row.nameKey, path: row.path, arn: arns.policy(row.accountId, row.path, row.name) }))
  }

  /** Sets the boundary (NoSuchEntity when the policy does not exist) or, with undefined, removes it. */
  async setPermissionsBoundary(key: RoleKey, policyArn: string | undefined): Promise<void> {
    await this.#change(key, async (tx, row) => {
      if (policyArn !== undefined) await requireBoundaryPolicy(tx, key.accountId, policyArn)
      return tx.role.update({ where: { id: row.id }, data: { permissionsBoundaryArn: policyArn ?? null } })
    })
  }

  /** Replaces the tags with what `change` makes of the current ones (it may throw to refuse). */
  async changeTags(key: RoleKey, change: (tags: readonly IamTag[]) => readonly IamTag[]): Promise<void> {
    await this.#change(key, (tx, row) =>
      tx.role.update({ where: { id: row.id }, data: { tags: change(storedTags(row.tags)).map((tag) => ({ ...tag })) } }))
  }

  /** Runs `work` in a transaction on the role's row, locked; NoSuchEntity when there is no such role. */
  async #change(key: RoleKey, work: (tx: Tx, row: RoleRow) => Promise<RoleRow>): Promise<RoleRecord> {
    const row = await this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM roles WHERE account_id = ${key.accountId} AND name_key = ${key.name.toLowerCase()} FOR UPDATE`
      const id = locked[0]?.id
      const current = id === undefined ? null : await tx.role.findUnique({ where: { id } })
      if (!current) throw noSuchRole(key.name)
      return work(tx, current)
    }, TRANSACTION)
    return record(row)
  }
}

function whereRole(key: RoleKey) {
  return { accountId_nameKey: { accountId: key.accountId, nameKey: key.name.toLowerCase() } }
}

function noSuchRolePolicy(name: string): ServiceError {
  return new ServiceError('NoSuchEntity', `The role policy with name ${name} cannot be found.`)
}

/** The account's managed policy an ARN names (name without case, path exactly), or undefined. */
async function findPolicy(tx: Tx, accountId: string, policyArn: string) {
  const parts = parseIamArn(policyArn, 'policy')
  if (!parts || parts.accountId !== accountId) return undefined
  const row = await tx.managedPolicy.findUnique({ where: { accountId_nameKey: { accountId, nameKey: parts.name.toLowerCase() } } })
  return row && row.path === parts.path ? row : undefined
}

// IAM's words when a permissions boundary names no policy (CreateRole, PutRolePermissionsBoundary).
async function requireBoundaryPolicy(tx: Tx, accountId: string, policyArn: string): Promise<void> {
  if (!(await findPolicy(tx, accountId, policyArn))) {
    throw new ServiceError('NoSuchEntity', `Scope ARN: ${policyArn} does not exist or is not attachable.`)
  }
}


function record(row: RoleRow): RoleRecord {
  return {
    id: row.id, accountId: row.accountId, name: row.name, path: row.path, arn: arns.role(row.accountId, row.path, row.name),
    description: row.description ?? undefined, trustPolicy: row.trustPolicy, maxSessionDuration: row.maxSessionDuration,
    permissionsBoundaryArn: row.permissionsBoundaryArn ?? undefined, tags: storedTags(row.tags), createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt ?? undefined, lastUsedRegion: row.lastUsedRegion ?? undefined,
  }
}
