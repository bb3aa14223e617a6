import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { createVirtualMfaDevice } from './create-virtual-mfa-device.ts'
import { deactivateMfaDevice } from './deactivate-mfa-device.ts'
import { deleteVirtualMfaDevice } from './delete-virtual-mfa-device.ts'
import { enableMfaDevice } from './enable-mfa-device.ts'
import { listMfaDevices } from './list-mfa-devices.ts'
import { listVirtualMfaDevices } from './list-virtual-mfa-devices.ts'
import { listMfaDeviceTags, tagMfaDevice, untagMfaDevice } from './mfa-device-tags.ts'
import { resyncMfaDevice } from './resync-mfa-device.ts'

/** The IAM mfa actions: virtual MFA devices and their assignment to users. */
export function mfaActions(deps: IamDeps): ActionDefinition[] {
  return [
    createVirtualMfaDevice(deps), enableMfaDevice(deps), resyncMfaDevice(deps), deactivateMfaDevice(deps), deleteVirtualMfaDevice(deps),
    listMfaDevices(deps), listVirtualMfaDevices(deps), tagMfaDevice(deps), untagMfaDevice(deps), listMfaDeviceTags(deps),
  ]
}
