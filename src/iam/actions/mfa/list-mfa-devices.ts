import { checkAll } from '../../../protocol/validation-error.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { pageOf, pageRequest, pageResult, type PageRequest } from '../../pagination.ts'
import { callerUserName, namedUser, userResource } from '../../user-lookup.ts'
import { optionalUserName } from './mfa-parameters.ts'

export interface ListMfaDevicesInput {
  /** Absent: the calling user. */
  readonly userName: string | undefined
  readonly page: PageRequest
}

export interface MfaDeviceMember {
  readonly UserName: string
  readonly SerialNumber: string
  readonly EnableDate: Date
}

/**
 * ListMFADevices: the devices enabled for the user (UserName, or the user who signed the call),
 * by serial number, paged. The root user has none here. Authorized on the user's ARN. Throws
 * NoSuchEntity for an unknown user, ValidationError when a role session omits UserName.
 */
export function listMfaDevices(deps: IamDeps): ActionDefinition<ListMfaDevicesInput, ReturnType<typeof pageResult<MfaDeviceMember, MfaDeviceMember>>> {
  return iamAction(deps, {
    name: 'ListMFADevices',
    parameters: ['UserName', 'Marker', 'MaxItems'],
    parse: (params) => checkAll({ userName: () => optionalUserName(params), page: () => pageRequest(params) }),
    resource(input, caller) {
      return userResource(deps.stores.users, caller, input.userName)
    },
    async run(input, { caller }) {
      const name = input.userName ?? callerUserName(caller)
      const rows = name === undefined ? [] : await deps.stores.mfa.listForUser((await namedUser(deps.stores.users, caller, name)).id, input.page.after, input.page.maxItems + 1)
      const page = pageOf(rows, input.page, (device) => device.serialNumber)
      return pageResult('MFADevices', page, (device): MfaDeviceMember => ({
        UserName: device.user!.name, SerialNumber: device.serialNumber, EnableDate: device.enabledAt!,
      }))
    },
  })
}
