import { userResource } from '../../user-lookup.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString, requiredString } from '../../iam-parameters.ts'

interface Input { userName: string; newUserName: string | undefined; newPath: string | undefined }

/**
 * UpdateUser: renames and/or moves a user; its unique id, access keys and policies stay, so
 * requests signed with its keys go on working (as the new name). NoSuchEntity when the user does
 * not exist, EntityAlreadyExists when the new name is taken. Authorized on the current user ARN.
 */
export const updateUser = (deps: IamDeps) => iamAction<Input, object>(deps, {
  name: 'UpdateUser',
  parameters: ['UserName', 'NewUserName', 'NewPath'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    newPath: () => optionalString(params, 'NewPath', IAM_RULES.path),
    newUserName: () => optionalString(params, 'NewUserName', IAM_RULES.userName),
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
  run: async (input, { caller }) => {
    await deps.stores.users.update(caller.accountId, input.userName, {
      ...(input.newUserName !== undefined && { newName: input.newUserName }),
      ...(input.newPath !== undefined && { newPath: input.newPath }),
    })
    return {}
  },
})
