import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { arnParameter } from './policy-parameters.ts'

/**
 * DeletePolicy: removes a customer managed policy with its default version. Throws NoSuchEntity,
 * DeleteConflict while it is attached to a user or role or is one's permissions boundary, or
 * while it has versions besides the default (IAM API Reference, DeletePolicy: "you must delete
 * all the policy's versions").
 */
export const deletePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'DeletePolicy',
  parameters: ['PolicyArn'],
  parse: (params) => ({ arn: arnParameter(params) }),
  resource: (input) => input.arn,
  run: async (input, call) => {
    await deps.stores.policies.delete(call.caller.accountId, input.arn)
    return {}
  },
})
