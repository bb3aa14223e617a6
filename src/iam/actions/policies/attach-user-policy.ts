import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, userResource } from './policy-parameters.ts'

/**
 * AttachUserPolicy: attaches a managed policy of the account to a user (again: no change).
 * Authorized on the user with iam:PolicyARN ("Actions, resources, and condition keys for IAM").
 * Throws NoSuchEntity (no such user; `Policy … does not exist or is not attachable.`) and
 * LimitExceeded past 10 managed policies per user.
 */
export const attachUserPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'AttachUserPolicy',
  parameters: ['UserName', 'PolicyArn'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.userName),
    arn: () => arnParameter(params),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  conditions: (input, context) => { context.set('iam:PolicyARN', input.arn) },
  run: async (input, call) => {
    await deps.stores.policies.attachUserPolicy(call.caller.accountId, input.userName, input.arn)
    return {}
  },
})
