import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { roleView } from './role-views.ts'
import { roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

/** IAM GetRole: the role with its boundary, tags and last use. Throws NoSuchEntity. */
export const getRole = (deps: IamDeps) => iamAction(deps, {
  name: 'GetRole',
  parameters: ['RoleName'],
  parse: (params) => ({ roleName: roleNameParameter(params) }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => ({ Role: roleView(await deps.stores.roles.get(roleKey(caller, input.roleName))) }),
})
