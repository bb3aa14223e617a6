import { checkAll } from '../../../protocol/validation-error.ts'
import type { VirtualMfaDevice } from '../../../storage/iam/mfa-store.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { arns } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { optionalEnum, type IamTag } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult, type PageRequest } from '../../pagination.ts'

const ASSIGNMENT_STATUSES = ['Assigned', 'Unassigned', 'Any'] as const

export interface ListVirtualMfaDevicesInput {
  readonly status: (typeof ASSIGNMENT_STATUSES)[number]
  readonly page: PageRequest
}

export interface VirtualMfaDeviceMember {
  readonly SerialNumber: string
  readonly User?: { readonly Path: string; readonly UserName: string; readonly UserId: string; readonly Arn: string; readonly CreateDate: Date }
  readonly EnableDate?: Date
  readonly Tags?: IamTag[]
}

/**
 * ListVirtualMFADevices: the account's virtual devices (Assigned, Unassigned or Any, the
 * default), by serial number, paged; an assigned one with its user and enable date. Never the
 * seed. Authorized on `*`, as AWS does.
 */
export function listVirtualMfaDevices(deps: IamDeps): ActionDefinition<ListVirtualMfaDevicesInput, ReturnType<typeof pageResult<VirtualMfaDevice, VirtualMfaDeviceMember>>> {
  return iamAction(deps, {
    name: 'ListVirtualMFADevices',
    parameters: ['AssignmentStatus', 'Marker', 'MaxItems'],
    parse: (params) => checkAll({
      status: () => optionalEnum(params, 'AssignmentStatus', ASSIGNMENT_STATUSES) ?? 'Any',
      page: () => pageRequest(params),
    }),
    resource: () => '*',
    async run(input, { caller }) {
      const rows = await deps.stores.mfa.listVirtual(caller.accountId, input.status, input.page.after, input.page.maxItems + 1)
      const page = pageOf(rows, input.page, (device) => device.serialNumber)
      return pageResult('VirtualMFADevices', page, (device): VirtualMfaDeviceMember => ({
        SerialNumber: device.serialNumber,
        ...(device.user && {
          User: {
            Path: device.user.path, UserName: device.user.name, UserId: device.user.id,
            Arn: arns.user(caller.accountId, device.user.path, device.user.name), CreateDate: device.user.createdAt,
          },
        }),
        ...(device.enabledAt && { EnableDate: device.enabledAt }),
        ...(device.tags.length > 0 && { Tags: device.tags }),
      }))
    },
  })
}
