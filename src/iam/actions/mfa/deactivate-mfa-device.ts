import { checkAll } from '../../../protocol/validation-error.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { callerUserName, namedUser, userResource } from '../../user-lookup.ts'
import { noSuchDevice, notUsersDevice, optionalUserName, serialNumber } from './mfa-parameters.ts'

export interface DeactivateMfaDeviceInput {
  /** Absent: the calling user (IAM made UserName optional for the root user's own devices). */
  readonly userName: string | undefined
  readonly serialNumber: string
}

/**
 * DeactivateMFADevice: unassigns the device from the user. The device stays, unassigned (IAM
 * API Reference), and STS accepts it no more (mfa-check.ts only takes enabled devices).
 * Authorized on the user's ARN. Throws NoSuchEntity (user, device, or a device not enabled for
 * this user).
 */
export function deactivateMfaDevice(deps: IamDeps): ActionDefinition<DeactivateMfaDeviceInput, Record<string, never>> {
  return iamAction(deps, {
    name: 'DeactivateMFADevice',
    parameters: ['UserName', 'SerialNumber'],
    parse: (params) => checkAll({ userName: () => optionalUserName(params), serialNumber: () => serialNumber(params) }),
    resource(input, caller) {
      return userResource(deps.stores.users, caller, input.userName)
    },
    async run(input, { caller }) {
      const name = input.userName ?? callerUserName(caller)
      const device = await deps.stores.mfa.find(caller.accountId, input.serialNumber)
      // The root user has no virtual devices here: whatever it names is not one of its devices.
      if (name === undefined) throw device ? notUsersDevice() : noSuchDevice(input.serialNumber)
      const user = await namedUser(deps.stores.users, caller, name)
      if (!device) throw noSuchDevice(input.serialNumber)
      if (!(await deps.stores.mfa.deactivate(device.serialNumber, user.id))) throw notUsersDevice()
      return {}
    },
  })
}
