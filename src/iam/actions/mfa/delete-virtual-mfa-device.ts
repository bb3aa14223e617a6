import { ServiceError } from '../../../errors.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { noSuchDevice, serialNumber } from './mfa-parameters.ts'

/**
 * DeleteVirtualMFADevice: deletes an unassigned device ("You must deactivate a user's virtual MFA
 * device before you can delete it"). Authorized on the device's ARN, which is its serial number.
 * Throws NoSuchEntity, DeleteConflict while it is enabled for a user.
 */
export function deleteVirtualMfaDevice(deps: IamDeps): ActionDefinition<{ readonly serialNumber: string }, Record<string, never>> {
  return iamAction(deps, {
    name: 'DeleteVirtualMFADevice',
    parameters: ['SerialNumber'],
    parse: (params) => checkAll({ serialNumber: () => serialNumber(params) }),
    resource: (input) => input.serialNumber,
    async run(input, { caller }) {
      const outcome = await deps.stores.mfa.delete(caller.accountId, input.serialNumber)
      if (outcome === 'missing') throw noSuchDevice(input.serialNumber)
      if (outcome === 'in-use') throw new ServiceError('DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.')
      return {}
    },
  })
}
