import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, optionalBoolean, requiredString } from '../../iam-parameters.ts'
import { policyDocumentParameter } from '../../policy-documents.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, renderVersion } from './policy-parameters.ts'

/**
 * CreatePolicyVersion: a new version of a managed policy, the default when SetAsDefault is true.
 * Version ids go on counting after deletes (v1, v2, …, never reused). Throws NoSuchEntity,
 * LimitExceeded past five versions, ValidationError, MalformedPolicyDocument.
 */
export const createPolicyVersion = (deps: IamDeps) => iamAction(deps, {
  name: 'CreatePolicyVersion',
  parameters: ['PolicyArn', 'PolicyDocument', 'SetAsDefault'],
  parse: (params) => {
    const input = checkAll({
      arn: () => arnParameter(params),
      text: () => requiredString(params, 'PolicyDocument', IAM_RULES.policyDocument),
      setAsDefault: () => optionalBoolean(params, 'SetAsDefault') ?? false,
    })
    return { arn: input.arn, setAsDefault: input.setAsDefault, document: policyDocumentParameter(params, 'PolicyDocument', 'managed') }
  },
  resource: (input) => input.arn,
  run: async (input, call) => {
    const version = await deps.stores.policies.createVersion(call.caller.accountId, input.arn, input.document, input.setAsDefault, call.now)
    return { PolicyVersion: renderVersion(version) }
  },
})
