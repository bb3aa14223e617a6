import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { attachUserPolicy } from './attach-user-policy.ts'
import { createPolicy } from './create-policy.ts'
import { createPolicyVersion } from './create-policy-version.ts'
import { deletePolicy } from './delete-policy.ts'
import { deletePolicyVersion } from './delete-policy-version.ts'
import { deleteUserPolicy } from './delete-user-policy.ts'
import { detachUserPolicy } from './detach-user-policy.ts'
import { getPolicy } from './get-policy.ts'
import { getPolicyVersion } from './get-policy-version.ts'
import { getUserPolicy } from './get-user-policy.ts'
import { listAttachedUserPolicies } from './list-attached-user-policies.ts'
import { listPolicies } from './list-policies.ts'
import { listPolicyVersions } from './list-policy-versions.ts'
import { listUserPolicies } from './list-user-policies.ts'
import { putUserPolicy } from './put-user-policy.ts'
import { setDefaultPolicyVersion } from './set-default-policy-version.ts'
import { deleteUserPermissionsBoundary, putUserPermissionsBoundary } from './user-permissions-boundary.ts'

/** The IAM actions on managed policies and their versions, and on users' policies and boundaries. */
export function policyActions(deps: IamDeps): ActionDefinition[] {
  return [
    createPolicy(deps), getPolicy(deps), listPolicies(deps), deletePolicy(deps),
    createPolicyVersion(deps), getPolicyVersion(deps), listPolicyVersions(deps), deletePolicyVersion(deps), setDefaultPolicyVersion(deps),
    putUserPolicy(deps), getUserPolicy(deps), listUserPolicies(deps), deleteUserPolicy(deps),
    attachUserPolicy(deps), detachUserPolicy(deps), listAttachedUserPolicies(deps),
    putUserPermissionsBoundary(deps), deleteUserPermissionsBoundary(deps),
  ]
}
