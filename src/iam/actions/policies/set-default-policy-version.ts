import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, versionIdParameter } from './policy-parameters.ts'

/**
 * SetDefaultPolicyVersion: the version every user and role the policy is attached to (or bounded
 * by) is decided with from the next request on. Throws NoSuchEntity.
 */
export const setDefaultPolicyVersion = (deps: IamDeps) => iamAction(deps, {
  name: 'SetDefaultPolicyVersion',
  parameters: ['PolicyArn', 'VersionId'],
  parse: (params) => checkAll({ arn: () => arnParameter(params), versionId: () => versionIdParameter(params) }),
  resource: (input) => input.arn,
  run: async (input, call) => {
    await deps.stores.policies.setDefaultVersion(call.caller.accountId, input.arn, input.versionId, call.now)
    return {}
  },
})
