import type { ActionDefinition } from '../../../sts/action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { consecutiveCodes, RESYNC_WINDOW } from './authentication-codes.ts'
import { namedUser, userResource } from '../../user-lookup.ts'
import { invalidCodes, noSuchDevice, notUsersDevice, parseMfaCodes, type MfaCodesInput } from './mfa-parameters.ts'

/**
 * ResyncMFADevice: checks two consecutive codes of a device enabled for the user, searched
 * further from now than EnableMFADevice looks (a device whose clock drifted), and records the
 * later code's step, so neither is accepted again. Authorized on the user's ARN. Throws
 * NoSuchEntity (user, device, or a device not enabled for this user), InvalidAuthenticationCode.
 */
export function resyncMfaDevice(deps: IamDeps): ActionDefinition<MfaCodesInput, Record<string, never>> {
  return iamAction(deps, {
    name: 'ResyncMFADevice',
    parameters: ['UserName', 'SerialNumber', 'AuthenticationCode1', 'AuthenticationCode2'],
    parse: parseMfaCodes,
    resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
    async run(input, { caller, now }) {
      const user = await namedUser(deps.stores.users, caller, input.userName)
      const device = await deps.stores.mfa.findWithSeed(caller.accountId, input.serialNumber)
      if (!device) throw noSuchDevice(input.serialNumber)
      if (device.user?.id !== user.id) throw notUsersDevice()
      const steps = consecutiveCodes(device.seed, input.code1, input.code2, now, RESYNC_WINDOW)
      if (!steps || !(await deps.stores.mfa.resync(device.serialNumber, user.id, steps.first, steps.last))) throw invalidCodes()
      return {}
    },
  })
}
