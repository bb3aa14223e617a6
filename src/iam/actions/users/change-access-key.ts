import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString, requiredEnum, requiredString } from '../../iam-parameters.ts'
import { userResource } from '../../user-lookup.ts'
import { keyOwner } from './key-owner.ts'

/**
 * UpdateAccessKey and DeleteAccessKey, on a key of the named user or of the caller. NoSuchEntity
 * (`The Access Key with id … cannot be found.`) unless that owner has the key. An Inactive or
 * deleted key is refused by signature verification at once in this process (iamAction's
 * changed() drops the key cache; other processes follow within the cache's 5 s).
 */
export const updateAccessKey = (deps: IamDeps) => iamAction<{ userName: string | undefined; accessKeyId: string; status: 'Active' | 'Inactive' }, object>(deps, {
  name: 'UpdateAccessKey',
  parameters: ['UserName', 'AccessKeyId', 'Status'],
  parse: (params) => checkAll({
    userName: () => optionalString(params, 'UserName', IAM_RULES.existingUserName),
    accessKeyId: () => requiredString(params, 'AccessKeyId', IAM_RULES.accessKeyId),
    status: () => requiredEnum(params, 'Status', ['Active', 'Inactive']),
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName, 'long-term-key'),
  run: async (input, { caller }) => {
    const { owner } = await keyOwner(deps.stores.users, caller, input.userName)
    await deps.stores.users.setAccessKeyStatus(caller.accountId, owner, input.accessKeyId, input.status)
    return {}
  },
})

export const deleteAccessKey = (deps: IamDeps) => iamAction<{ userName: string | undefined; accessKeyId: string }, object>(deps, {
  name: 'DeleteAccessKey',
  parameters: ['UserName', 'AccessKeyId'],
  parse: (params) => checkAll({
    userName: () => optionalString(params, 'UserName', IAM_RULES.existingUserName),
    accessKeyId: () => requiredString(params, 'AccessKeyId', IAM_RULES.accessKeyId),
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName, 'long-term-key'),
  run: async (input, { caller }) => {
    const { owner } = await keyOwner(deps.stores.users, caller, input.userName)
    await deps.stores.users.deleteAccessKey(caller.accountId, owner, input.accessKeyId)
    return {}
  },
})
