import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { arnParameter, renderPolicy } from './policy-parameters.ts'
import { policyErrors } from '../../policy-errors.ts'

/**
 * GetPolicy: a customer managed policy with its attachment and boundary counts, description and
 * tags. Throws NoSuchEntity when the account has no policy at that ARN (path compared exactly).
 */
export const getPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'GetPolicy',
  parameters: ['PolicyArn'],
  parse: (params) => ({ arn: arnParameter(params) }),
  resource: (input) => input.arn,
  run: async (input, call) => {
    const policy = await deps.stores.policies.find(call.caller.accountId, input.arn)
    if (!policy) throw policyErrors.notFound(input.arn)
    return { Policy: renderPolicy(policy, true) }
  },
})
