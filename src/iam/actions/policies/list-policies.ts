import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, optionalBoolean, optionalEnum, optionalString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult, type PageRequest } from '../../pagination.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { PolicyListFilter } from '../../../storage/iam/policy-store.ts'
import { renderPolicy } from './policy-parameters.ts'

interface Input { scope: 'All' | 'AWS' | 'Local'; filter: PolicyListFilter; page: PageRequest }

/**
 * ListPolicies: the account's customer managed policies in name order, paged. stsgate has no AWS
 * managed policies, so Scope AWS lists none and All lists the Local ones. OnlyAttached keeps the
 * policies attached to a user or role; PolicyUsageFilter keeps those used that way
 * (PermissionsPolicy: attached; PermissionsBoundary: some user's or role's boundary). Tags and
 * Description are left out, as IAM does. Authorized on `*` ("Actions, resources, and condition
 * keys for IAM": ListPolicies has no resource type).
 */
export const listPolicies = (deps: IamDeps) => iamAction(deps, {
  name: 'ListPolicies',
  parameters: ['Scope', 'OnlyAttached', 'PathPrefix', 'PolicyUsageFilter', 'Marker', 'MaxItems'],
  parse: (params): Input => {
    const input = checkAll({
      scope: () => optionalEnum(params, 'Scope', ['All', 'AWS', 'Local'] as const) ?? 'All',
      onlyAttached: () => optionalBoolean(params, 'OnlyAttached') ?? false,
      pathPrefix: () => optionalString(params, 'PathPrefix', IAM_RULES.policyPathPrefix) ?? '/',
      usage: () => optionalEnum(params, 'PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary'] as const),
      page: () => pageRequest(params),
    })
    return { scope: input.scope, page: input.page, filter: { pathPrefix: input.pathPrefix, onlyAttached: input.onlyAttached, usage: input.usage } }
  },
  resource: () => '*',
  run: async (input, call) => {
    const rows = input.scope === 'AWS' ? [] : await deps.stores.policies.list(call.caller.accountId, input.filter, input.page)
    return pageResult('Policies', pageOf(rows, input.page, (policy) => policy.nameKey), (policy) => renderPolicy(policy, false))
  },
})
