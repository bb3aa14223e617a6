import type { QueryParams } from '../../../protocol/query-params.ts'
import type { Caller } from '../../../sts/caller.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { policyErrors } from '../../policy-errors.ts'
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../../../storage/iam/policy-store.ts'
import { userArnFor } from '../../user-lookup.ts'

// What the policy actions share: their ARN parameters, the user resource they are authorized
// on, and how IAM renders a policy and a version.

/** `PolicyArn` (or another ARN parameter): the model's arnType; text that is no ARN at all is InvalidInput. */
export function arnParameter(params: QueryParams, name = 'PolicyArn'): string {
  const arn = requiredString(params, name, IAM_RULES.arn)
  if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(arn)) throw policyErrors.invalidArn(arn)
  return arn
}

/** `VersionId`: `v1`, `v2`… (policyVersionIdType). */
export const versionIdParameter = (params: QueryParams) => requiredString(params, 'VersionId', IAM_RULES.policyVersionId)

/**
 * The ARN a user-policy action is authorized on: the named user's, with its stored path (`/` when
 * there is no such user, so the decision still names the user the caller asked for).
 */
export function userResource(deps: IamDeps, caller: Caller, userName: string): Promise<string> {
  return userArnFor(deps.stores.users, caller, userName)
}

/**
 * A managed policy as IAM's Policy structure carries it. GetPolicy and CreatePolicy give
 * Description and Tags; ListPolicies leaves both out (IAM API Reference, ListPolicies).
 */
export function renderPolicy(policy: ManagedPolicyRecord, detail: boolean) {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: policy.boundaryUsageCount,
    IsAttachable: true,
    Description: detail ? policy.description ?? undefined : undefined,
    CreateDate: policy.createdAt,
    UpdateDate: policy.updatedAt,
    Tags: detail && policy.tags.length > 0 ? policy.tags : undefined,
  }
}

/** A PolicyVersion without its document (CreatePolicyVersion, ListPolicyVersions). */
export function renderVersion(version: PolicyVersionRecord) {
  return { VersionId: version.versionId, IsDefaultVersion: version.isDefault, CreateDate: version.createdAt }
}
