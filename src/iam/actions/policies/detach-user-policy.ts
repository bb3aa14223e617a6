import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, userResource } from './policy-parameters.ts'

/**
 * DetachUserPolicy: detaches a managed policy from a user. Authorized on the user with
 * iam:PolicyARN. Throws NoSuchEntity (no such user; `Policy … was not found.` when not attached).
 */
export const detachUserPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'DetachUserPolicy',
  parameters: ['UserName', 'PolicyArn'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.userName),
    arn: () => arnParameter(params),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  conditions: (input, context) => { context.set('iam:PolicyARN', input.arn) },
  run: async (input, call) => {
    await deps.stores.policies.detachUserPolicy(call.caller.accountId, input.userName, input.arn)
    return {}
  },
})
