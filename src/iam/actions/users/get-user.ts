import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString } from '../../iam-parameters.ts'
import { callerSelf, namedUser, userResource } from '../../user-lookup.ts'
import { userView } from './user-view.ts'
import { noSuchUser } from '../../entity-errors.ts'

interface Input { userName: string | undefined }

/**
 * GetUser: the named user, or without UserName the caller: its IAM user, or for the root user
 * the account itself as AWS returns it (UserId = account id, Arn `…:root`, CreateDate = account
 * creation, no Path or UserName). Other credentials must name a user (ValidationError).
 * NoSuchEntity when the user does not exist.
 */
export const getUser = (deps: IamDeps) => iamAction<Input, { User: object }>(deps, {
  name: 'GetUser',
  parameters: ['UserName'],
  parse: (params) => ({ userName: optionalString(params, 'UserName', IAM_RULES.existingUserName) }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
  run: async (input, { caller }) => {
    const { users } = deps.stores
    if (input.userName !== undefined) return { User: userView(await namedUser(users, caller, input.userName), 'full') }
    const self = callerSelf(caller)
    if (self.kind === 'root') {
      return { User: { UserId: caller.accountId, Arn: caller.arn, CreateDate: await users.accountCreatedAt(caller.accountId) } }
    }
    const user = await users.findById(caller.accountId, self.id)
    if (!user) throw noSuchUser(self.name)
    return { User: userView(user, 'full') }
  },
})
