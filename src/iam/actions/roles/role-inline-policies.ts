import { ServiceError } from '../../../errors.ts'
import { POLICY_SIZE_LIMITS, policySize } from '../../../policy/size-limits.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult } from '../../pagination.ts'
import { checkPolicyDocument, encodedPolicyDocument } from '../../policy-documents.ts'
import { roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

// A role's inline policies: PutRolePolicy, GetRolePolicy, ListRolePolicies, DeleteRolePolicy.

const roleAndPolicy = (params: Parameters<typeof roleNameParameter>[0]) => checkAll({
  roleName: () => roleNameParameter(params),
  policyName: () => requiredString(params, 'PolicyName', IAM_RULES.policyName),
})

/**
 * IAM PutRolePolicy: creates or replaces an inline policy. The role-inline quota (10,240
 * characters without white space) is on the sum of the role's inline policies ("IAM and AWS STS
 * quotas"), so a document that fits alone may still be refused. Throws NoSuchEntity,
 * LimitExceeded, MalformedPolicyDocument.
 */
export const putRolePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'PutRolePolicy',
  parameters: ['RoleName', 'PolicyName', 'PolicyDocument'],
  parse: (params) => {
    const input = checkAll({
      names: () => roleAndPolicy(params),
      document: () => requiredString(params, 'PolicyDocument', IAM_RULES.policyDocument),
    })
    return { ...input.names, document: checkPolicyDocument(input.document, 'roleInline', input.names.roleName) }
  },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.putInlinePolicy(roleKey(caller, input.roleName), input.policyName, input.document, (others) => {
      const total = others.reduce((sum, document) => sum + policySize(document), policySize(input.document))
      const limit = POLICY_SIZE_LIMITS['role-inline']
      if (total > limit) throw new ServiceError('LimitExceeded', `Maximum policy size of ${limit} bytes exceeded for role ${input.roleName}`)
    })
    return {}
  },
})

/** IAM GetRolePolicy: the document URL-encoded, as IAM returns it. Throws NoSuchEntity. */
export const getRolePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'GetRolePolicy',
  parameters: ['RoleName', 'PolicyName'],
  parse: roleAndPolicy,
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    const { role, document } = await deps.stores.roles.getInlinePolicy(roleKey(caller, input.roleName), input.policyName)
    return { RoleName: role.name, PolicyName: input.policyName, PolicyDocument: encodedPolicyDocument(document) }
  },
})

/** IAM ListRolePolicies: inline policy names in name order, paged. Throws NoSuchEntity. */
export const listRolePolicies = (deps: IamDeps) => iamAction(deps, {
  name: 'ListRolePolicies',
  parameters: ['RoleName', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({ roleName: () => roleNameParameter(params), page: () => pageRequest(params) }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    const names = await deps.stores.roles.listInlinePolicies(roleKey(caller, input.roleName), { after: input.page.after, limit: input.page.maxItems + 1 })
    return pageResult('PolicyNames', pageOf(names, input.page, (name) => name), (name) => name)
  },
})

/** IAM DeleteRolePolicy. Throws NoSuchEntity for the role or the policy. */
export const deleteRolePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'DeleteRolePolicy',
  parameters: ['RoleName', 'PolicyName'],
  parse: roleAndPolicy,
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.deleteInlinePolicy(roleKey(caller, input.roleName), input.policyName)
    return {}
  },
})
