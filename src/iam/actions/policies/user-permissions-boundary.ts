import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, userResource } from './policy-parameters.ts'

/**
 * PutUserPermissionsBoundary: a managed policy of the account becomes the user's permissions
 * boundary: from the next request on the user may do only what both it and the user's policies
 * allow. Authorized on the user with iam:PermissionsBoundary. Throws NoSuchEntity (no such user;
 * `Scope ARN: … does not exist or is not attachable.`).
 */
export const putUserPermissionsBoundary = (deps: IamDeps) => iamAction(deps, {
  name: 'PutUserPermissionsBoundary',
  parameters: ['UserName', 'PermissionsBoundary'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.userName),
    arn: () => arnParameter(params, 'PermissionsBoundary'),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  conditions: (input, context) => { context.set('iam:PermissionsBoundary', input.arn) },
  run: async (input, call) => {
    await deps.stores.policies.putUserBoundary(call.caller.accountId, input.userName, input.arn)
    return {}
  },
})

/** DeleteUserPermissionsBoundary: the user is bounded by nothing any more. Throws NoSuchEntity (no such user). */
export const deleteUserPermissionsBoundary = (deps: IamDeps) => iamAction(deps, {
  name: 'DeleteUserPermissionsBoundary',
  parameters: ['UserName'],
  parse: (params) => ({ userName: requiredString(params, 'UserName', IAM_RULES.userName) }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  run: async (input, call) => {
    await deps.stores.policies.deleteUserBoundary(call.caller.accountId, input.userName)
    return {}
  },
})
