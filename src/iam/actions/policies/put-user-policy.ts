import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { policyDocumentParameter } from '../../policy-documents.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { userResource } from './policy-parameters.ts'

/**
 * PutUserPolicy: adds or replaces an inline policy of a user; the user's next request is decided
 * with it. Throws NoSuchEntity (no such user), ValidationError, MalformedPolicyDocument and
 * LimitExceeded when the user's inline policies together pass 2,048 characters.
 */
export const putUserPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'PutUserPolicy',
  parameters: ['UserName', 'PolicyName', 'PolicyDocument'],
  parse: (params) => {
    const input = checkAll({
      userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
      policyName: () => requiredString(params, 'PolicyName', IAM_RULES.policyName),
      text: () => requiredString(params, 'PolicyDocument', IAM_RULES.policyDocument),
    })
    return { userName: input.userName, policyName: input.policyName, document: policyDocumentParameter(params, 'PolicyDocument', 'userInline', input.userName) }
  },
  resource: (input, caller) => userResource(deps, caller, input.userName),
  run: async (input, call) => {
    await deps.stores.policies.putUserPolicy(call.caller.accountId, input.userName, input.policyName, input.document)
    return {}
  },
})
