import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { encodedPolicyDocument } from '../../policy-documents.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { userResource } from './policy-parameters.ts'

/** GetUserPolicy: a user's inline policy, its document URL-encoded as IAM sends it. Throws NoSuchEntity. */
export const getUserPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'GetUserPolicy',
  parameters: ['UserName', 'PolicyName'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    policyName: () => requiredString(params, 'PolicyName', IAM_RULES.policyName),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  run: async (input, call) => {
    const policy = await deps.stores.policies.getUserPolicy(call.caller.accountId, input.userName, input.policyName)
    return { UserName: policy.userName, PolicyName: input.policyName, PolicyDocument: encodedPolicyDocument(policy.document) }
  },
})
