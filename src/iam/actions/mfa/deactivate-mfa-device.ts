import { checkAll } from '../../../protocol/validation-error.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { arns } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { existingUser, implicitUser, noSuchDevice, notUsersDevice, optionalUserName, serialNumber, userResource } from './mfa-parameters.ts'

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
      if (input.userName !== undefined) return userResource(deps, caller, input.userName)
      const self = implicitUser(caller)
      return self ? arns.user(caller.accountId, self.path, self.name) : caller.arn
    },
    async run(input, { caller }) {
      const name = input.userName ?? implicitUser(caller)?.name
      const device = await deps.stores.mfa.find(caller.accountId, input.serialNumber)
      // The root user has no virtual devices here: whatever it names is not one of its devices.
      if (name === undefined) throw device ? notUsersDevice() : noSuchDevice(input.serialNumber)
      const user = await existingUser(deps, caller, name)
      if (!device) throw noSuchDevice(input.serialNumber)
      if (!(await deps.stores.mfa.deactivate(device.serialNumber, user.id))) throw notUsersDevice()
      return {}
    },
  })
}
