import { userResource } from '../../user-lookup.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'

interface Input { userName: string }

/**
 * DeleteUser: NoSuchEntity when there is no such user; DeleteConflict while it still has access
 * keys, inline policies, attached managed policies or MFA devices (AWS removes nothing for you).
 */
export const deleteUser = (deps: IamDeps) => iamAction<Input, object>(deps, {
  name: 'DeleteUser',
  parameters: ['UserName'],
  parse: (params) => ({ userName: requiredString(params, 'UserName', IAM_RULES.existingUserName) }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
  run: async (input, { caller }) => {
    await deps.stores.users.delete(caller.accountId, input.userName)
    return {}
  },
})
