import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult } from '../../pagination.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { userResource } from './policy-parameters.ts'

/** ListUserPolicies: the names of a user's inline policies in name order, paged. Throws NoSuchEntity. */
export const listUserPolicies = (deps: IamDeps) => iamAction(deps, {
  name: 'ListUserPolicies',
  parameters: ['UserName', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    page: () => pageRequest(params),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  run: async (input, call) => {
    const names = await deps.stores.policies.listUserPolicies(call.caller.accountId, input.userName, input.page)
    return pageResult('PolicyNames', pageOf(names, input.page, (name) => name), (name) => name)
  },
})
