import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult } from '../../pagination.ts'
import { policyArnParameter, roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

// The managed policies attached to a role: AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies.

const roleAndPolicyArn = (params: Parameters<typeof roleNameParameter>[0]) => checkAll({
  roleName: () => roleNameParameter(params),
  policyArn: () => policyArnParameter(params, 'PolicyArn', true),
})

/**
 * IAM AttachRolePolicy (attaching it again changes nothing). Throws NoSuchEntity for the role or
 * the policy, LimitExceeded past 10 policies per role, InvalidInput for a malformed ARN.
 */
export const attachRolePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'AttachRolePolicy',
  parameters: ['RoleName', 'PolicyArn'],
  parse: roleAndPolicyArn,
  conditions: (input, context) => { context.set('iam:PolicyARN', input.policyArn) },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.attachPolicy(roleKey(caller, input.roleName), input.policyArn)
    return {}
  },
})

/** IAM DetachRolePolicy. Throws NoSuchEntity for the role, or for a policy not attached to it. */
export const detachRolePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'DetachRolePolicy',
  parameters: ['RoleName', 'PolicyArn'],
  parse: roleAndPolicyArn,
  conditions: (input, context) => { context.set('iam:PolicyARN', input.policyArn) },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.detachPolicy(roleKey(caller, input.roleName), input.policyArn)
    return {}
  },
})

/** IAM ListAttachedRolePolicies: by policy name, filtered by the policies' path, paged. Throws NoSuchEntity. */
export const listAttachedRolePolicies = (deps: IamDeps) => iamAction(deps, {
  name: 'ListAttachedRolePolicies',
  parameters: ['RoleName', 'PathPrefix', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({
    roleName: () => roleNameParameter(params),
    pathPrefix: () => optionalString(params, 'PathPrefix', IAM_RULES.policyPathPrefix) ?? '/',
    page: () => pageRequest(params),
  }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    const rows = await deps.stores.roles.listAttachedPolicies(roleKey(caller, input.roleName), input.pathPrefix, { after: input.page.after, limit: input.page.maxItems + 1 })
    return pageResult('AttachedPolicies', pageOf(rows, input.page, (policy) => policy.nameKey), (policy) => ({ PolicyName: policy.name, PolicyArn: policy.arn }))
  },
})
