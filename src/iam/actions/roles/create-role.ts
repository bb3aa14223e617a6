import type { RoleRecord } from '../../../storage/iam/role-store.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arns } from '../../arns.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, type IamTag, iamTags, optionalString, requestTagMap, requiredString } from '../../iam-parameters.ts'
import { checkPolicyDocument } from '../../policy-documents.ts'
import { createdRoleView } from './role-views.ts'
import { MIN_SESSION_DURATION, maxSessionDurationParameter, policyArnParameter, roleNameParameter } from './role-parameters.ts'

interface CreateRoleInput {
  readonly roleName: string
  readonly path: string
  readonly trustPolicy: string
  readonly description: string | undefined
  readonly maxSessionDuration: number | undefined
  readonly permissionsBoundary: string | undefined
  readonly tags: IamTag[]
}

/**
 * IAM CreateRole. Throws ValidationError (every constraint at once), LimitExceeded /
 * MalformedPolicyDocument for the trust policy, InvalidInput for a malformed boundary ARN or
 * duplicate tag keys, NoSuchEntity for an unknown boundary, EntityAlreadyExists.
 */
export const createRole = (deps: IamDeps) => iamAction<CreateRoleInput, { Role: ReturnType<typeof createdRoleView> }>(deps, {
  name: 'CreateRole',
  parameters: ['RoleName', 'Path', 'AssumeRolePolicyDocument', 'Description', 'MaxSessionDuration', 'PermissionsBoundary', 'Tags'],
  parse: (params) => {
    const input = checkAll({
      roleName: () => roleNameParameter(params),
      path: () => optionalString(params, 'Path', IAM_RULES.path) ?? '/',
      description: () => optionalString(params, 'Description', IAM_RULES.description),
      maxSessionDuration: () => maxSessionDurationParameter(params),
      permissionsBoundary: () => policyArnParameter(params, 'PermissionsBoundary', false),
      tags: () => iamTags(params),
      trustPolicy: () => requiredString(params, 'AssumeRolePolicyDocument', IAM_RULES.policyDocument),
    })
    // The document's own checks (quota, grammar) come after every constraint of the request.
    return { ...input, trustPolicy: checkPolicyDocument(input.trustPolicy, 'trust') }
  },
  conditions: (input, context) => {
    context.requestTags(requestTagMap(input.tags))
    if (input.permissionsBoundary !== undefined) context.set('iam:PermissionsBoundary', input.permissionsBoundary)
  },
  resource: (input, caller) => arns.role(caller.accountId, input.path, input.roleName),
  run: async (input, { caller }) => {
    const role: RoleRecord = await deps.stores.roles.create({
      accountId: caller.accountId, name: input.roleName, path: input.path, trustPolicy: input.trustPolicy,
      description: input.description, maxSessionDuration: input.maxSessionDuration ?? MIN_SESSION_DURATION,
      permissionsBoundaryArn: input.permissionsBoundary, tags: input.tags,
    })
    return { Role: createdRoleView(role) }
  },
  auditResponse: (result) => ({ roleArn: result.Role.Arn, roleId: result.Role.RoleId }),
})
