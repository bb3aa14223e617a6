import { ServiceError } from '../../../errors.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { type IamTag, iamTags, mergeTags, removeTags, requestTagMap, tagKeys } from '../../iam-parameters.ts'
import { pageRequest, type PageRequest, pageResult, tagPage } from '../../pagination.ts'
import { noSuchDevice, serialNumber } from './mfa-parameters.ts'

// TagMFADevice, UntagMFADevice, ListMFADeviceTags: the tags of a virtual device, authorized on
// its ARN (its serial number). An unknown device is NoSuchEntity.

export function tagMfaDevice(deps: IamDeps): ActionDefinition<{ readonly serialNumber: string; readonly tags: IamTag[] }, Record<string, never>> {
  return iamAction(deps, {
    name: 'TagMFADevice',
    parameters: ['SerialNumber', 'Tags'],
    parse: (params) => checkAll({
      serialNumber: () => serialNumber(params),
      // TagMFADevice requires Tags (the model's `tags` member is required).
      tags: () => (params.has('Tags') || params.names().some((name) => name.startsWith('Tags.')) ? iamTags(params) : missingTags()),
    }),
    resource: (input) => input.serialNumber,
    conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
    async run(input, { caller }) {
      const found = await deps.stores.mfa.updateTags(caller.accountId, input.serialNumber, (current) => mergeTags(current, input.tags, 'TagsPerMFADevice'))
      if (!found) throw noSuchDevice(input.serialNumber)
      return {}
    },
  })
}

export function untagMfaDevice(deps: IamDeps): ActionDefinition<{ readonly serialNumber: string; readonly keys: string[] }, Record<string, never>> {
  return iamAction(deps, {
    name: 'UntagMFADevice',
    parameters: ['SerialNumber', 'TagKeys'],
    parse: (params) => checkAll({ serialNumber: () => serialNumber(params), keys: () => tagKeys(params) }),
    resource: (input) => input.serialNumber,
    conditions: (input, context) => { if (input.keys.length > 0) context.set('aws:TagKeys', input.keys, { multiValued: true }) },
    async run(input, { caller }) {
      const found = await deps.stores.mfa.updateTags(caller.accountId, input.serialNumber, (current) => removeTags(current, input.keys))
      if (!found) throw noSuchDevice(input.serialNumber)
      return {}
    },
  })
}

export function listMfaDeviceTags(deps: IamDeps): ActionDefinition<{ readonly serialNumber: string; readonly page: PageRequest }, ReturnType<typeof pageResult<IamTag, IamTag>>> {
  return iamAction(deps, {
    name: 'ListMFADeviceTags',
    parameters: ['SerialNumber', 'Marker', 'MaxItems'],
    parse: (params) => checkAll({ serialNumber: () => serialNumber(params), page: () => pageRequest(params) }),
    resource: (input) => input.serialNumber,
    async run(input, { caller }) {
      const device = await deps.stores.mfa.find(caller.accountId, input.serialNumber)
      if (!device) throw noSuchDevice(input.serialNumber)
      return pageResult('Tags', tagPage(device.tags, input.page, 'added'), (tag) => tag)
    },
  })
}

const missingTags = (): never => {
  throw new ServiceError('ValidationError', "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
}
