import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

/**
 * IAM DeleteRole. Throws NoSuchEntity, and DeleteConflict while managed policies are attached or
 * inline policies remain (IAM does not remove them for you).
 */
export const deleteRole = (deps: IamDeps) => iamAction(deps, {
  name: 'DeleteRole',
  parameters: ['RoleName'],
  parse: (params) => ({ roleName: roleNameParameter(params) }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.delete(roleKey(caller, input.roleName))
    return {}
  },
})
