import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'
import { mfaSeedContext } from '../secret-contexts.ts'
import { isUniqueViolation } from '../prisma-errors.ts'

/** An IAM user as the MFA actions name it and render it. */
export interface MfaUser {
  readonly id: string
  readonly name: string
  readonly path: string
  readonly createdAt: Date
}

export interface MfaTag { readonly Key: string; readonly Value: string }

/** A virtual MFA device without its seed (what lists and checks need). */
export interface VirtualMfaDevice {
  readonly serialNumber: string
  readonly accountId: string
  readonly name: string
  readonly path: string
  /** The user it is enabled for; undefined while unassigned. */
  readonly user: MfaUser | undefined
  readonly enabledAt: Date | undefined
  readonly tags: MfaTag[]
}

/** A device with its opened seed, to check authentication codes against. Never log `seed`. */
export interface VirtualMfaDeviceWithSeed extends VirtualMfaDevice {
  readonly seed: string
}

export interface NewVirtualMfaDevice {
  readonly accountId: string
  readonly serialNumber: string
  readonly name: string
  readonly path: string
  /** Base32 TOTP secret: sealed before it is written. */
  readonly seed: string
  readonly tags: readonly MfaTag[]
}

/** Why EnableMFADevice wrote nothing. */
export type EnableRefusal = 'in-use' | 'replayed' | 'limit' | 'missing'

const USER_FIELDS = { id: true, name: true, path: true, createdAt: true } as const
const DEVICE_INCLUDE = { user: { select: USER_FIELDS } } as const

type DeviceRow = Prisma.MfaDeviceGetPayload<{ include: typeof DEVICE_INCLUDE }>


/**
 * Virtual MFA devices as the IAM API manages them: create, enable for a user, list, deactivate,
 * delete, resync, tag. Writes the rows `stsgate apply` writes (execute-plan.ts): `nameKey` is the
 * lower-cased name (unique per account), the seed is sealed under mfaSeedContext(serial), and
 * `last_used_time_step` only moves forward, so no code is accepted twice (mfa-device-store.ts).
 */
export class VirtualMfaStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}

  /** The account's alias, the label authenticator apps show after the device name. */
  async accountAlias(accountId: string): Promise<string | undefined> {
    const account = await this.prisma.account.findUnique({ where: { id: accountId }, select: { alias: true } })
    return account?.alias ?? undefined
  }

  /** Creates the device; false when the account already has a device of that name (even one a race created first). */
  async create(device: NewVirtualMfaDevice): Promise<boolean> {
    try {
      await this.prisma.mfaDevice.create({
        data: {
          serialNumber: device.serialNumber, accountId: device.accountId, name: device.name, nameKey: device.name.toLowerCase(), path: device.path,
          seedCiphertext: this.secrets.seal(device.seed, mfaSeedContext(device.serialNumber)),
          tags: device.tags.map(({ Key, Value }) => ({ Key, Value })), fromConfig: false,
        },
      })
      return true
    } catch (error) {
      if (isUniqueViolation(error)) return false
      throw error
    }
  }

  /** The device of this account with that serial number, without its seed. */
  async find(accountId: string, serialNumber: string): Promise<VirtualMfaDevice | undefined> {
    const row = await this.prisma.mfaDevice.findUnique({ where: { serialNumber }, include: DEVICE_INCLUDE })
    return row && row.accountId === accountId ? deviceOf(row) : undefined
  }

  /** The device with its opened seed, to check codes. */
  async findWithSeed(accountId: string, serialNumber: string): Promise<VirtualMfaDeviceWithSeed | undefined> {
    const row = await this.prisma.mfaDevice.findUnique({ where: { serialNumber }, include: DEVICE_INCLUDE })
    if (!row || row.accountId !== accountId) return undefined
    return { ...deviceOf(row), seed: this.secrets.open(row.seedCiphertext, mfaSeedContext(row.serialNumber)) }
  }

  /**
   * Enables the device for the user, recording `lastStep` (the later code's time step) as used.
   * In one transaction with the user row locked, so two enables for one user cannot both pass
   * the per-user quota, and one conditional UPDATE, so two enables of one device cannot both win
   * and codes at or before the last used step are refused.
   */
  async enable(serialNumber: string, user: MfaUser, firstStep: number, lastStep: number, at: Date, maxPerUser: number): Promise<EnableRefusal | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<unknown[]>`SELECT id FROM iam_users WHERE id = ${user.id} FOR UPDATE`
      if (locked.length === 0) return 'missing'
      const enabled = await tx.mfaDevice.count({ where: { userId: user.id, enabledAt: { not: null } } })
      if (enabled >= maxPerUser) return 'limit'
      const updated = await tx.$executeRaw`
        UPDATE mfa_devices SET user_id = ${user.id}, enabled_at = ${at}, last_used_time_step = ${BigInt(lastStep)}
        WHERE serial_number = ${serialNumber} AND enabled_at IS NULL
          AND (last_used_time_step IS NULL OR last_used_time_step < ${BigInt(firstStep)})`
      if (updated === 1) return undefined
      const device = await tx.mfaDevice.findUnique({ where: { serialNumber }, select: { enabledAt: true } })
      if (!device) return 'missing'
      return device.enabledAt === null ? 'replayed' : 'in-use'
    })
  }

  /**
   * Records `lastStep` as used for a device enabled for `userId`, when both codes' steps come
   * after the last used one; false otherwise (a replay, or the device changed meanwhile).
   */
  async resync(serialNumber: string, userId: string, firstStep: number, lastStep: number): Promise<boolean> {
    const updated = await this.prisma.$executeRaw`
      UPDATE mfa_devices SET last_used_time_step = ${BigInt(lastStep)}
      WHERE serial_number = ${serialNumber} AND user_id = ${userId} AND enabled_at IS NOT NULL
        AND (last_used_time_step IS NULL OR last_used_time_step < ${BigInt(firstStep)})`
    return updated === 1
  }

  /**
   * Unassigns the device from the user; it stays, with its last used step, so a code used
   * before cannot be used again if it is enabled again. False when it is not enabled for that user.
   */
  async deactivate(serialNumber: string, userId: string): Promise<boolean> {
    const { count } = await this.prisma.mfaDevice.updateMany({
      where: { serialNumber, userId, enabledAt: { not: null } },
      data: { userId: null, enabledAt: null },
    })
    return count === 1
  }

  /** Deletes an unassigned device: 'in-use' while it is enabled for a user. */
  async delete(accountId: string, serialNumber: string): Promise<'deleted' | 'missing' | 'in-use'> {
    const { count } = await this.prisma.mfaDevice.deleteMany({ where: { serialNumber, accountId, enabledAt: null } })
    if (count === 1) return 'deleted'
    const device = await this.prisma.mfaDevice.findUnique({ where: { serialNumber }, select: { accountId: true } })
    return device?.accountId === accountId ? 'in-use' : 'missing'
  }

  /** Devices enabled for the user, by serial number after `after`, at most `limit`. */
  async listForUser(userId: string, after: string | undefined, limit: number): Promise<VirtualMfaDevice[]> {
    const rows = await this.prisma.mfaDevice.findMany({
      where: { userId, enabledAt: { not: null }, ...(after !== undefined && { serialNumber: { gt: after } }) },
      include: DEVICE_INCLUDE, orderBy: { serialNumber: 'asc' }, take: limit,
    })
    return rows.map(deviceOf)
  }

  /** The account's virtual devices by serial number after `after`, at most `limit`. */
  async listVirtual(accountId: string, status: 'Assigned' | 'Unassigned' | 'Any', after: string | undefined, limit: number): Promise<VirtualMfaDevice[]> {
    const rows = await this.prisma.mfaDevice.findMany({
      where: {
        accountId,
        ...(status === 'Assigned' && { enabledAt: { not: null } }),
        ...(status === 'Unassigned' && { enabledAt: null }),
        ...(after !== undefined && { serialNumber: { gt: after } }),
      },
      include: DEVICE_INCLUDE, orderBy: { serialNumber: 'asc' }, take: limit,
    })
    return rows.map(deviceOf)
  }

  /**
   * Rewrites the device's tags with `change(current)`, read and written in one transaction with
   * the row locked, so two concurrent tag changes do not lose one another. False when the
   * device is not in the account.
   */
  async updateTags(accountId: string, serialNumber: string, change: (current: MfaTag[]) => readonly MfaTag[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ account_id: string; tags: unknown }>>`
        SELECT account_id, tags FROM mfa_devices WHERE serial_number = ${serialNumber} FOR UPDATE`
      const row = rows[0]
      if (!row || row.account_id !== accountId) return false
      const tags = change(tagsOf(row.tags)).map(({ Key, Value }) => ({ Key, Value }))
      await tx.mfaDevice.update({ where: { serialNumber }, data: { tags } })
      return true
    })
  }
}

function deviceOf(row: DeviceRow): VirtualMfaDevice {
  const enabled = row.enabledAt !== null && row.user !== null
  return {
    serialNumber: row.serialNumber,
    accountId: row.accountId,
    name: row.name,
    path: row.path,
    user: enabled ? row.user ?? undefined : undefined,
    enabledAt: enabled ? row.enabledAt ?? undefined : undefined,
    tags: tagsOf(row.tags),
  }
}

function tagsOf(json: unknown): MfaTag[] {
  // The raw query returns the jsonb column as text on some drivers and parsed on others.
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json
  return Array.isArray(value) ? value.map((tag: MfaTag) => ({ Key: tag.Key, Value: tag.Value })) : []
}
