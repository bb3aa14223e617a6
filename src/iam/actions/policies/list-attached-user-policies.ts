import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, optionalString, requiredString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult } from '../../pagination.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { userResource } from './policy-parameters.ts'

/**
 * ListAttachedUserPolicies: the managed policies attached to a user (name and ARN), in policy
 * name order, those under PathPrefix, paged. Throws NoSuchEntity.
 */
export const listAttachedUserPolicies = (deps: IamDeps) => iamAction(deps, {
  name: 'ListAttachedUserPolicies',
  parameters: ['UserName', 'PathPrefix', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.userName),
    pathPrefix: () => optionalString(params, 'PathPrefix', IAM_RULES.policyPathPrefix) ?? '/',
    page: () => pageRequest(params),
  }),
  resource: (input, caller) => userResource(deps, caller, input.userName),
  run: async (input, call) => {
    const rows = await deps.stores.policies.listAttachedUserPolicies(call.caller.accountId, input.userName, input.pathPrefix, input.page)
    return pageResult('AttachedPolicies', pageOf(rows, input.page, (row) => row.nameKey), (row) => ({ PolicyName: row.name, PolicyArn: row.arn }))
  },
})
