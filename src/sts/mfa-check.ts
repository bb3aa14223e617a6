import { deviceTotp, timeStepOf } from '../credentials/totp.ts'
import { ServiceError } from '../errors.ts'
import type { StoredMfaDevice } from '../storage/mfa-device-store.ts'

export interface MfaDevices {
  find(serialNumber: string): Promise<StoredMfaDevice | undefined>
  acceptTimeStep(serialNumber: string, step: number): Promise<boolean>
}

/** Whose MFA device may authenticate the call: the calling user, or any user of the account for a role session. */
export interface MfaOwner {
  readonly accountId: string
  /** The calling IAM user; undefined for a role session. */
  readonly userId: string | undefined
}

const failed = () => new ServiceError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.')

/**
 * Checks SerialNumber + TokenCode: a TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) of the device
 * enabled for the caller, accepted one step either side of now (RFC 6238 §5.2), and never twice:
 * the device's last accepted time step only moves forward. Returns when MFA was verified, or
 * undefined when neither parameter was given. Throws AccessDenied for anything else, with one
 * message whatever failed, so the answer does not tell which part was wrong.
 */
export async function verifyMfa(
  input: { readonly serialNumber?: string; readonly tokenCode?: string },
  owner: MfaOwner,
  devices: MfaDevices,
  now: Date,
): Promise<Date | undefined> {
  const { serialNumber, tokenCode } = input
  if (serialNumber === undefined && tokenCode === undefined) return undefined
  if (serialNumber === undefined || tokenCode === undefined) throw failed()
  const device = await devices.find(serialNumber)
  if (!device || device.userId === undefined || device.accountId !== owner.accountId) throw failed()
  if (owner.userId !== undefined && device.userId !== owner.userId) throw failed()
  const delta = deviceTotp(device.seed).validate({ token: tokenCode, timestamp: now.getTime(), window: 1 })
  if (delta === null) throw failed()
  const step = timeStepOf(now) + delta
  if (!(await devices.acceptTimeStep(serialNumber, step))) throw failed()
  return now
}
