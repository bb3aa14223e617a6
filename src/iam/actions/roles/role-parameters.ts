import { ServiceError } from '../../../errors.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import type { Caller } from '../../../sts/caller.ts'
import type { RoleKey, RoleStore } from '../../../storage/iam/role-store.ts'
import { arns, parseIamArn } from '../../arns.ts'
import { IAM_RULES, optionalInteger, optionalString, requiredString } from '../../iam-parameters.ts'

/** IAM CreateRole / UpdateRole: MaxSessionDuration is 1 to 12 hours, in seconds. */
export const MIN_SESSION_DURATION = 3600
export const MAX_SESSION_DURATION = 43200

/** The RoleName parameter. */
export const roleNameParameter = (params: QueryParams): string => requiredString(params, 'RoleName', IAM_RULES.roleName)

/** The MaxSessionDuration parameter (ValidationError outside 3600..43200). */
export const maxSessionDurationParameter = (params: QueryParams): number | undefined =>
  optionalInteger(params, 'MaxSessionDuration', MIN_SESSION_DURATION, MAX_SESSION_DURATION)

/**
 * A policy ARN parameter (PolicyArn, PermissionsBoundary): the model's constraint, then the shape
 * of a policy ARN (IAM answers `InvalidInput: ARN x is not valid.`).
 */
export function policyArnParameter(params: QueryParams, name: string, required: true): string
export function policyArnParameter(params: QueryParams, name: string, required: false): string | undefined
export function policyArnParameter(params: QueryParams, name: string, required: boolean): string | undefined {
  const arn = required ? requiredString(params, name, IAM_RULES.arn) : optionalString(params, name, IAM_RULES.arn)
  if (arn !== undefined && !parseIamArn(arn, 'policy') && !/^arn:aws:iam::aws:policy\//.test(arn)) {
    throw new ServiceError('InvalidInput', `ARN ${arn} is not valid.`)
  }
  return arn
}

/** The role a call names, in the caller's account. */
export const roleKey = (caller: Caller, name: string): RoleKey => ({ accountId: caller.accountId, name })

/**
 * The ARN a call on an existing role is authorized on: the role's path is read from storage,
 * `/` when the role does not exist (the call then fails NoSuchEntity once authorized).
 */
export async function roleResource(roles: RoleStore, caller: Caller, name: string): Promise<string> {
  const role = await roles.find(roleKey(caller, name))
  return role?.arn ?? arns.role(caller.accountId, '/', name)
}
