import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { createRole } from './create-role.ts'
import { deleteRole } from './delete-role.ts'
import { getRole } from './get-role.ts'
import { listRoles } from './list-roles.ts'
import { attachRolePolicy, detachRolePolicy, listAttachedRolePolicies } from './role-attached-policies.ts'
import { deleteRolePolicy, getRolePolicy, listRolePolicies, putRolePolicy } from './role-inline-policies.ts'
import { deleteRolePermissionsBoundary, putRolePermissionsBoundary } from './role-permissions-boundary.ts'
import { listRoleTags, tagRole, untagRole } from './role-tags.ts'
import { updateAssumeRolePolicy, updateRole, updateRoleDescription } from './role-settings.ts'

/** The IAM roles actions. */
export function roleActions(deps: IamDeps): ActionDefinition[] {
  const actions = [
    createRole, getRole, listRoles, updateRole, updateRoleDescription, updateAssumeRolePolicy, deleteRole,
    putRolePolicy, getRolePolicy, listRolePolicies, deleteRolePolicy,
    attachRolePolicy, detachRolePolicy, listAttachedRolePolicies,
    putRolePermissionsBoundary, deleteRolePermissionsBoundary,
    tagRole, untagRole, listRoleTags,
  ]
  return actions.map((action) => action(deps) as ActionDefinition)
}
