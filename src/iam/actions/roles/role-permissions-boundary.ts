import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { policyArnParameter, roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

/**
 * IAM PutRolePermissionsBoundary: a customer managed policy of the account caps the role's
 * permissions. Throws NoSuchEntity for the role or the policy, InvalidInput for a malformed ARN.
 */
export const putRolePermissionsBoundary = (deps: IamDeps) => iamAction(deps, {
  name: 'PutRolePermissionsBoundary',
  parameters: ['RoleName', 'PermissionsBoundary'],
  parse: (params) => checkAll({
    roleName: () => roleNameParameter(params),
    boundary: () => policyArnParameter(params, 'PermissionsBoundary', true),
  }),
  conditions: (input, context) => { context.set('iam:PermissionsBoundary', input.boundary) },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.setPermissionsBoundary(roleKey(caller, input.roleName), input.boundary)
    return {}
  },
})

/** IAM DeleteRolePermissionsBoundary (nothing to remove is not an error). Throws NoSuchEntity for the role. */
export const deleteRolePermissionsBoundary = (deps: IamDeps) => iamAction(deps, {
  name: 'DeleteRolePermissionsBoundary',
  parameters: ['RoleName'],
  parse: (params) => ({ roleName: roleNameParameter(params) }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.setPermissionsBoundary(roleKey(caller, input.roleName), undefined)
    return {}
  },
})
