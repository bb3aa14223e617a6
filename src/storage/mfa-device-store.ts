import type { PrismaClient } from '../generated/prisma/client.ts'
import type { SecretBox } from './secret-box.ts'
import { mfaSeedContext } from './secret-contexts.ts'

/** A virtual MFA device with its opened seed. Never log `seed`. */
export interface StoredMfaDevice {
  readonly serialNumber: string
  readonly accountId: string
  /** The IAM user it is enabled for; undefined while not enabled. */
  readonly userId: string | undefined
  /** Base32 TOTP secret. */
  readonly seed: string
}

/** MFA devices, read to check a TOTP code and to make sure no code is accepted twice. */
export class MfaDeviceStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
  ) {}

  async find(serialNumber: string): Promise<StoredMfaDevice | undefined> {
    const row = await this.prisma.mfaDevice.findUnique({ where: { serialNumber } })
    if (!row) return undefined
    return {
      serialNumber: row.serialNumber,
      accountId: row.accountId,
      userId: row.enabledAt === null ? undefined : (row.userId ?? undefined),
      seed: this.secrets.open(row.seedCiphertext, mfaSeedContext(row.serialNumber)),
    }
  }

  /**
   * Records that the code of TOTP time step `step` was used; false when that step or a later one
   * already was. One conditional UPDATE, so two requests racing with the same code cannot both win.
   */
  async acceptTimeStep(serialNumber: string, step: number): Promise<boolean> {
    const updated = await this.prisma.$executeRaw`
      UPDATE mfa_devices SET last_used_time_step = ${BigInt(step)}
      WHERE serial_number = ${serialNumber} AND (last_used_time_step IS NULL OR last_used_time_step < ${BigInt(step)})`
    return updated === 1
  }
}
