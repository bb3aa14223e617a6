import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult, type PageRequest } from '../../pagination.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { userView } from './user-view.ts'

interface Input { pathPrefix: string; page: PageRequest }

/**
 * ListUsers: the account's users whose path starts with PathPrefix (default `/`), in name order,
 * paged; without PermissionsBoundary or Tags, as AWS lists them. Authorized on
 * `arn:aws:iam::ACCT:user` + PathPrefix: AWS's denial names `…:user/` for a call without prefix
 * (the service authorization reference lists no resource type for ListUsers, so policies
 * granting `*` or `user/*` both match).
 */
export const listUsers = (deps: IamDeps) => iamAction(deps, {
  name: 'ListUsers',
  parameters: ['PathPrefix', 'Marker', 'MaxItems'],
  parse: (params): Input => {
    const input = checkAll({ pathPrefix: () => optionalString(params, 'PathPrefix', IAM_RULES.pathPrefix), page: () => pageRequest(params) })
    return { pathPrefix: input.pathPrefix ?? '/', page: input.page }
  },
  resource: (input, caller) => `arn:aws:iam::${caller.accountId}:user${input.pathPrefix}`,
  run: async (input, { caller }) => {
    const rows = await deps.stores.users.list(caller.accountId, input.pathPrefix, input.page.after, input.page.maxItems + 1)
    return pageResult('Users', pageOf(rows, input.page, (row) => row.nameKey), (user) => userView(user, 'listed'))
  },
})
