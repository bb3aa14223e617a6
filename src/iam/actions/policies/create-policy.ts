import { arns } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, type IamTag, iamTags, optionalString, requestTagMap, requiredString } from '../../iam-parameters.ts'
import { policyDocumentParameter } from '../../policy-documents.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { renderPolicy } from './policy-parameters.ts'

interface Input { name: string; path: string; document: string; description: string | undefined; tags: IamTag[] }

/**
 * CreatePolicy: a customer managed policy with its document as version v1, the default.
 * Throws EntityAlreadyExists (names are unique in the account, without case), ValidationError,
 * LimitExceeded (document over 6,144 characters), MalformedPolicyDocument, InvalidInput (tags).
 */
export const createPolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'CreatePolicy',
  parameters: ['PolicyName', 'Path', 'PolicyDocument', 'Description', 'Tags'],
  parse: (params): Input => {
    const input = checkAll({
      name: () => requiredString(params, 'PolicyName', IAM_RULES.policyName),
      path: () => optionalString(params, 'Path', IAM_RULES.policyPath) ?? '/',
      description: () => optionalString(params, 'Description', IAM_RULES.description),
      tags: () => iamTags(params),
      text: () => requiredString(params, 'PolicyDocument', IAM_RULES.policyDocument),
    })
    return { ...input, document: policyDocumentParameter(params, 'PolicyDocument', 'managed') }
  },
  resource: (input, caller) => arns.policy(caller.accountId, input.path, input.name),
  conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
  run: async (input, call) => {
    const policy = await deps.stores.policies.create({ accountId: call.caller.accountId, ...input, now: call.now })
    return { Policy: renderPolicy(policy, true) }
  },
  auditResponse: (result) => ({ policyArn: result.Policy.Arn }),
})
