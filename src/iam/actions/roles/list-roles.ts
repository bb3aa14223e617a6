import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult } from '../../pagination.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { listedRoleView } from './role-views.ts'

/**
 * IAM ListRoles: roles whose path starts with PathPrefix, paged by name (case-insensitive
 * order). Authorized on `*`: the IAM authorization reference gives ListRoles no resource type.
 */
export const listRoles = (deps: IamDeps) => iamAction(deps, {
  name: 'ListRoles',
  parameters: ['PathPrefix', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({
    pathPrefix: () => optionalString(params, 'PathPrefix', IAM_RULES.pathPrefix) ?? '/',
    page: () => pageRequest(params),
  }),
  resource: () => '*',
  run: async (input, { caller }) => {
    const rows = await deps.stores.roles.list(caller.accountId, input.pathPrefix, { after: input.page.after, limit: input.page.maxItems + 1 })
    return pageResult('Roles', pageOf(rows, input.page, (role) => role.name.toLowerCase()), listedRoleView)
  },
})
