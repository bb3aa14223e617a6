import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString, requiredString } from '../../iam-parameters.ts'
import { checkPolicyDocument } from '../../policy-documents.ts'
import { roleView } from './role-views.ts'
import { maxSessionDurationParameter, roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

// A role's settings: UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy.

/** IAM UpdateRole: sets the description and/or the maximum session duration. Throws NoSuchEntity, ValidationError. */
export const updateRole = (deps: IamDeps) => iamAction(deps, {
  name: 'UpdateRole',
  parameters: ['RoleName', 'Description', 'MaxSessionDuration'],
  parse: (params) => checkAll({
    roleName: () => roleNameParameter(params),
    description: () => optionalString(params, 'Description', IAM_RULES.description),
    maxSessionDuration: () => maxSessionDurationParameter(params),
  }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.update(roleKey(caller, input.roleName), { description: input.description, maxSessionDuration: input.maxSessionDuration })
    return {}
  },
})

/** IAM UpdateRoleDescription: sets the description and answers with the whole role. Throws NoSuchEntity. */
export const updateRoleDescription = (deps: IamDeps) => iamAction(deps, {
  name: 'UpdateRoleDescription',
  parameters: ['RoleName', 'Description'],
  parse: (params) => checkAll({
    roleName: () => roleNameParameter(params),
    description: () => requiredString(params, 'Description', IAM_RULES.description),
  }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => ({ Role: roleView(await deps.stores.roles.update(roleKey(caller, input.roleName), { description: input.description })) }),
})

/**
 * IAM UpdateAssumeRolePolicy: replaces the trust policy; STS decides with it from the next
 * request on. Throws NoSuchEntity, LimitExceeded, MalformedPolicyDocument.
 */
export const updateAssumeRolePolicy = (deps: IamDeps) => iamAction(deps, {
  name: 'UpdateAssumeRolePolicy',
  parameters: ['RoleName', 'PolicyDocument'],
  parse: (params) => {
    const input = checkAll({
      roleName: () => roleNameParameter(params),
      document: () => requiredString(params, 'PolicyDocument', IAM_RULES.policyDocument),
    })
    return { ...input, document: checkPolicyDocument(input.document, 'trust') }
  },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.setTrustPolicy(roleKey(caller, input.roleName), input.document)
    return {}
  },
})
