import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { userResource } from './policy-parameters.ts'

/** DeleteUserPolicy: removes a user's inline policy. Throws NoSuchEntity (user or policy). */
export const deleteUserPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'DeleteUserPolicy',
  parameters: ['UserName', 'PolicyName'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    policyName: () => requiredString(params, 'PolicyName', IAM_RULES.policyName),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  run: async (input, call) => {
    await deps.stores.policies.deleteUserPolicy(call.caller.accountId, input.userName, input.policyName)
    return {}
  },
})
