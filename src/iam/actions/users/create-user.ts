import { generateUniqueId } from '../../../credentials/unique-id.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, type IamTag, iamTags, optionalString, requestTagMap, requiredString } from '../../iam-parameters.ts'
import { arns } from '../../arns.ts'
import { userView } from './user-view.ts'

interface Input { userName: string; path: string; permissionsBoundary: string | undefined; tags: IamTag[] }

/**
 * CreateUser: a new IAM user with an `AIDA…` id. EntityAlreadyExists when the name is taken
 * (names are unique regardless of case); NoSuchEntity when the boundary is no managed policy of
 * the account. Condition keys: aws:RequestTag/…, aws:TagKeys, iam:PermissionsBoundary.
 */
export const createUser = (deps: IamDeps) => iamAction<Input, { User: ReturnType<typeof userView> }>(deps, {
  name: 'CreateUser',
  parameters: ['UserName', 'Path', 'PermissionsBoundary', 'Tags'],
  parse: (params) => {
    const input = checkAll({
      userName: () => requiredString(params, 'UserName', IAM_RULES.userName),
      path: () => optionalString(params, 'Path', IAM_RULES.path),
      permissionsBoundary: () => optionalString(params, 'PermissionsBoundary', IAM_RULES.arn),
      tags: () => iamTags(params),
    })
    return { ...input, path: input.path ?? '/' }
  },
  resource: (input, caller) => arns.user(caller.accountId, input.path, input.userName),
  conditions: (input, context) => {
    context.requestTags(requestTagMap(input.tags))
    if (input.permissionsBoundary !== undefined) context.set('iam:PermissionsBoundary', input.permissionsBoundary)
  },
  run: async (input, { caller }) => {
    const user = await deps.stores.users.create(caller.accountId, {
      id: generateUniqueId('AIDA'), name: input.userName, path: input.path, permissionsBoundaryArn: input.permissionsBoundary, tags: input.tags,
    })
    return { User: userView(user, 'full') }
  },
})
