import { ServiceError } from '../../errors.ts'
import { parseIamArn } from '../../iam/arns.ts'
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'
import { accessKeySecretContext } from '../secret-contexts.ts'
import { pathStartsWith } from './path-prefix.ts'
import { noSuchUser } from '../../iam/entity-errors.ts'
import { isUniqueViolation } from '../prisma-errors.ts'

/** A user row as the IAM API reads it. */
export interface UserRecord {
  readonly id: string
  readonly accountId: string
  readonly name: string
  readonly path: string
  readonly permissionsBoundaryArn: string | null
  readonly tags: unknown
  readonly createdAt: Date
}

/** An access key without its secret; `user` is undefined for the account root's keys. */
export interface AccessKeyRecord {
  readonly id: string
  readonly status: 'Active' | 'Inactive'
  readonly createdAt: Date
  readonly userName: string | undefined
  readonly lastUsedAt: Date | null
  readonly lastUsedService: string | null
  readonly lastUsedRegion: string | null
}

/** Whose keys: an IAM user (by id) or the account root. */
export type KeyOwner = { readonly userId: string } | { readonly root: true }

export interface NewUser {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly permissionsBoundaryArn: string | undefined
  readonly tags: ReadonlyArray<{ readonly Key: string; readonly Value: string }>
}

/** IAM's per-user (and per-root) access key quota (IAM and STS quotas). */
export const ACCESS_KEYS_PER_USER = 2

const USER_FIELDS = { id: true, accountId: true, name: true, path: true, permissionsBoundaryArn: true, tags: true, createdAt: true } as const
const KEY_FIELDS = { id: true, status: true, createdAt: true, lastUsedAt: true, lastUsedService: true, lastUsedRegion: true, user: { select: { name: true } } } as const

type Tx = Prisma.TransactionClient

export const noSuchAccessKey = (id: string) => new ServiceError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`)
const userExists = (name: string) => new ServiceError('EntityAlreadyExists', `User with name ${name} already exists.`)

/**
 * IAM users: the users themselves, their access keys and tags (the IAM API's writes and reads).
 * Writes the rows `stsgate apply` writes (nameKey = lower-cased name, fromConfig false). A change
 * that reads before it writes locks the user row first (`FOR UPDATE`), so quotas and delete
 * conflicts hold against concurrent requests; a lost unique race is EntityAlreadyExists.
 */
export class UserStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}

  /** Creates the user; NoSuchEntity when the boundary is no managed policy of the account. */
  async create(accountId: string, user: NewUser): Promise<UserRecord> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        if (user.permissionsBoundaryArn !== undefined) await requireManagedPolicy(tx, accountId, user.permissionsBoundaryArn)
        if (await tx.iamUser.findUnique({ where: { accountId_nameKey: { accountId, nameKey: user.name.toLowerCase() } }, select: { id: true } })) {
          throw userExists(user.name)
        }
        return tx.iamUser.create({
          data: {
            id: user.id, accountId, name: user.name, nameKey: user.name.toLowerCase(), path: user.path,
            permissionsBoundaryArn: user.permissionsBoundaryArn ?? null, tags: user.tags.map((tag) => ({ ...tag })), fromConfig: false,
          },
          select: USER_FIELDS,
        })
      })
    } catch (error) {
      throw isUniqueViolation(error) ? userExists(user.name) : error
    }
  }

  async findByName(accountId: string, name: string): Promise<UserRecord | undefined> {
    return (await this.prisma.iamUser.findUnique({ where: { accountId_nameKey: { accountId, nameKey: name.toLowerCase() } }, select: USER_FIELDS })) ?? undefined
  }

  async findById(accountId: string, id: string): Promise<UserRecord | undefined> {
    const user = await this.prisma.iamUser.findUnique({ where: { id }, select: USER_FIELDS })
    return user?.accountId === accountId ? user : undefined
  }

  /** When the account was created: the root user's CreateDate. */
  async accountCreatedAt(accountId: string): Promise<Date | undefined> {
    return (await this.prisma.account.findUnique({ where: { id: accountId }, select: { createdAt: true } }))?.createdAt
  }

  /** Users whose path starts with `pathPrefix`, in name order after `after` (a nameKey). */
  async list(accountId: string, pathPrefix: string, after: string | undefined, take: number): Promise<Array<UserRecord & { nameKey: string }>> {
    return this.prisma.iamUser.findMany({
      where: { accountId, path: pathStartsWith(pathPrefix), ...(after !== undefined && { nameKey: { gt: after } }) },
      select: { id: true, accountId: true, name: true, nameKey: true, path: true, permissionsBoundaryArn: true, tags: true, createdAt: true },
      orderBy: { nameKey: 'asc' },
      take,
    })
  }

  /** Renames and/or moves the user; its id, keys and policies stay. */
  async update(accountId: string, name: string, change: { readonly newName?: string; readonly newPath?: string }): Promise<void> {
    try {
      await this.prisma.$transaction(async (tx) => {
        const user = await lockUser(tx, accountId, name)
        if (change.newName !== undefined && change.newName.toLowerCase() !== user.name.toLowerCase()
          && await tx.iamUser.findUnique({ where: { accountId_nameKey: { accountId, nameKey: change.newName.toLowerCase() } }, select: { id: true } })) {
          throw userExists(change.newName)
        }
        await tx.iamUser.update({
          where: { id: user.id },
          data: {
            ...(change.newName !== undefined && { name: change.newName, nameKey: change.newName.toLowerCase() }),
            ...(change.newPath !== undefined && { path: change.newPath }),
          },
        })
      })
    } catch (error) {
      throw isUniqueViolation(error) ? userExists(change.newName ?? name) : error
    }
  }

  /**
   * Deletes the user; DeleteConflict (AWS's words) while it still has access keys, inline
   * policies, attached policies or MFA devices (IAM API Reference, DeleteUser).
   */
  async delete(accountId: string, name: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { id } = await lockUser(tx, accountId, name)
      const conflict = async (count: Promise<number>, what: string) => {
        if ((await count) > 0) throw new ServiceError('DeleteConflict', `Cannot delete entity, must ${what} first.`)
      }
      await conflict(tx.accessKey.count({ where: { userId: id } }), 'delete access keys')
      await conflict(tx.userInlinePolicy.count({ where: { userId: id } }), 'delete policies')
      await conflict(tx.userPolicyAttachment.count({ where: { userId: id } }), 'detach all policies')
      await conflict(tx.mfaDevice.count({ where: { userId: id } }), 'delete MFA device')
      await tx.iamUser.delete({ where: { id } })
    })
  }

  /** Replaces the user's tags with what `change` makes of the current ones, under the row lock. */
  async changeTags(accountId: string, name: string, change: (current: unknown) => ReadonlyArray<{ readonly Key: string; readonly Value: string }>): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const user = await lockUser(tx, accountId, name)
      const { tags } = await tx.iamUser.findUniqueOrThrow({ where: { id: user.id }, select: { tags: true } })
      await tx.iamUser.update({ where: { id: user.id }, data: { tags: change(tags).map((tag) => ({ ...tag })) } })
    })
  }

  /**
   * Stores a new key with its secret sealed (never in plaintext); LimitExceeded past 2 keys for
   * the owner. The owner's row (the user, or the account for the root) is locked while counting.
   */
  async createAccessKey(accountId: string, owner: KeyOwner, accessKeyId: string, secret: string): Promise<AccessKeyRecord> {
    return this.prisma.$transaction(async (tx) => {
      const userId = 'userId' in owner ? owner.userId : null
      if (userId === null) await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`
      else await tx.$queryRaw`SELECT id FROM iam_users WHERE id = ${userId} FOR UPDATE`
      if ((await tx.accessKey.count({ where: { accountId, userId } })) >= ACCESS_KEYS_PER_USER) {
        throw new ServiceError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`)
      }
      const row = await tx.accessKey.create({
        data: { id: accessKeyId, accountId, userId, secretCiphertext: this.secrets.seal(secret, accessKeySecretContext(accessKeyId)), fromConfig: false },
        select: KEY_FIELDS,
      })
      return keyRecord(row)
    })
  }

  /** The owner's keys in key id order after `after`. */
  async listAccessKeys(accountId: string, owner: KeyOwner, after: string | undefined, take: number): Promise<AccessKeyRecord[]> {
    const rows = await this.prisma.accessKey.findMany({
      where: { accountId, userId: 'userId' in owner ? owner.userId : null, ...(after !== undefined && { id: { gt: after } }) },
      orderBy: { id: 'asc' },
      take,
      select: KEY_FIELDS,
    })
    return rows.map(keyRecord)
  }

  /** Sets a key's status; NoSuchEntity unless the owner has that key. */
  async setAccessKeyStatus(accountId: string, owner: KeyOwner, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    const { count } = await this.prisma.accessKey.updateMany({ where: ownedKey(accountId, owner, accessKeyId), data: { status } })
    if (count === 0) throw noSuchAccessKey(accessKeyId)
  }

  /** Deletes a key; NoSuchEntity unless the owner has that key. */
  async deleteAccessKey(accountId: string, owner: KeyOwner, accessKeyId: string): Promise<void> {
    const { count } = await this.prisma.accessKey.deleteMany({ where: ownedKey(accountId, owner, accessKeyId) })
    if (count === 0) throw noSuchAccessKey(accessKeyId)
  }

  /** A key of the account with its last use (usage-tracker.ts writes it); undefined when there is none. */
  async findAccessKey(accountId: string, accessKeyId: string): Promise<(AccessKeyRecord & { readonly userPath: string | undefined }) | undefined> {
    const row = await this.prisma.accessKey.findUnique({ where: { id: accessKeyId }, select: { ...KEY_FIELDS, accountId: true, user: { select: { name: true, path: true } } } })
    return row?.accountId === accountId ? { ...keyRecord(row), userPath: row.user?.path } : undefined
  }
}

function ownedKey(accountId: string, owner: KeyOwner, accessKeyId: string) {
  return { id: accessKeyId, accountId, userId: 'userId' in owner ? owner.userId : null }
}

function keyRecord(row: Prisma.AccessKeyGetPayload<{ select: typeof KEY_FIELDS }>): AccessKeyRecord {
  const { user, ...rest } = row
  return { ...rest, userName: user?.name }
}

/** The user named `name` (any case), its row locked until the transaction ends; NoSuchEntity if none. */
async function lockUser(tx: Tx, accountId: string, name: string): Promise<{ id: string; name: string }> {
  const rows = await tx.$queryRaw<Array<{ id: string; name: string }>>`
    SELECT id, name FROM iam_users WHERE account_id = ${accountId} AND name_key = ${name.toLowerCase()} FOR UPDATE`
  const user = rows[0]
  if (!user) throw noSuchUser(name)
  return user
}

/**
 * A permissions boundary must be a managed policy that exists in the account (AWS managed
 * policies are not stored here): otherwise NoSuchEntity in IAM's words.
 */
async function requireManagedPolicy(tx: Tx, accountId: string, arn: string): Promise<void> {
  const policy = parseIamArn(arn, 'policy')
  const found = policy?.accountId === accountId
    && await tx.managedPolicy.findFirst({ where: { accountId, nameKey: policy.name.toLowerCase(), path: policy.path }, select: { id: true } })
  if (!found) throw new ServiceError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`)
}

