import { ServiceError } from '../../../errors.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { consecutiveCodes, ENABLE_WINDOW } from './authentication-codes.ts'
import { namedUser, userResource } from '../../user-lookup.ts'
import { invalidCodes, noSuchDevice, parseMfaCodes, type MfaCodesInput } from './mfa-parameters.ts'

/** IAM's quota of MFA devices per user ("IAM and AWS STS quotas": 8 since multiple MFA devices). */
export const MFA_DEVICES_PER_USER = 8

/**
 * EnableMFADevice: assigns an unassigned virtual device to the user once two consecutive codes
 * from it prove the user holds the seed; the later code's time step is recorded, so neither code
 * is accepted again (by STS or another enable). Authorized on the user's ARN. Throws NoSuchEntity
 * (user or device), EntityAlreadyExists (the device is enabled already), InvalidAuthenticationCode,
 * LimitExceeded (the user has the most devices IAM allows).
 */
export function enableMfaDevice(deps: IamDeps): ActionDefinition<MfaCodesInput, Record<string, never>> {
  return iamAction(deps, {
    name: 'EnableMFADevice',
    parameters: ['UserName', 'SerialNumber', 'AuthenticationCode1', 'AuthenticationCode2'],
    parse: parseMfaCodes,
    resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
    async run(input, { caller, now }) {
      const user = await namedUser(deps.stores.users, caller, input.userName)
      const device = await deps.stores.mfa.findWithSeed(caller.accountId, input.serialNumber)
      if (!device) throw noSuchDevice(input.serialNumber)
      if (device.user) throw inUse()
      const steps = consecutiveCodes(device.seed, input.code1, input.code2, now, ENABLE_WINDOW)
      if (!steps) throw invalidCodes()
      const refusal = await deps.stores.mfa.enable(device.serialNumber, user, steps.first, steps.last, now, MFA_DEVICES_PER_USER)
      switch (refusal) {
        case undefined: return {}
        case 'in-use': throw inUse()
        case 'replayed': throw invalidCodes()
        case 'missing': throw noSuchDevice(input.serialNumber)
        case 'limit': throw new ServiceError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`)
      }
    },
  })
}

const inUse = () => new ServiceError('EntityAlreadyExists', 'MFA Device is already in use.')
