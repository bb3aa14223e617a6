import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, versionIdParameter } from './policy-parameters.ts'

/**
 * DeletePolicyVersion: removes a version that is not the default. Throws NoSuchEntity, and
 * DeleteConflict for the default version (DeletePolicy removes that one with the policy).
 */
export const deletePolicyVersion = (deps: IamDeps) => iamAction(deps, {
  name: 'DeletePolicyVersion',
  parameters: ['PolicyArn', 'VersionId'],
  parse: (params) => checkAll({ arn: () => arnParameter(params), versionId: () => versionIdParameter(params) }),
  resource: (input) => input.arn,
  run: async (input, call) => {
    await deps.stores.policies.deleteVersion(call.caller.accountId, input.arn, input.versionId)
    return {}
  },
})
