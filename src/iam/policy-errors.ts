import { ServiceError } from '../errors.ts'
import { noSuchUser } from './entity-errors.ts'

// IAM's words for the errors of managed policies, their versions and users' policies (as IAM
// answers them; the ones no AWS page quotes are as AWS CLI users report them).

export const policyErrors = {
  alreadyExists: (name: string) => new ServiceError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`),
  notFound: (arn: string) => new ServiceError('NoSuchEntity', `Policy ${arn} was not found.`),
  notAttachable: (arn: string) => new ServiceError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`),
  /** A permissions boundary that names no managed policy (CreateUser, Put*PermissionsBoundary). */
  boundaryNotFound: (arn: string) => new ServiceError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`),
  versionNotFound: (arn: string, versionId: string) =>
    new ServiceError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  attached: () => new ServiceError('DeleteConflict', 'Cannot delete a policy attached to entities.'),
  hasVersions: () => new ServiceError('DeleteConflict',
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."),
  defaultVersion: () => new ServiceError('DeleteConflict', 'Cannot delete the default version of a policy.'),
  tooManyVersions: () => new ServiceError('LimitExceeded',
    'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.'),
  tooManyAttached: () => new ServiceError('LimitExceeded', 'Cannot exceed quota for PoliciesPerUser: 10'),
  userNotFound: noSuchUser,
  userPolicyNotFound: (name: string) => new ServiceError('NoSuchEntity', `The user policy with name ${name} cannot be found.`),
  /** The user's inline policies together exceed IAM's aggregate quota (same words as one document over it). */
  userInlineTooLarge: (userName: string) => new ServiceError('LimitExceeded', `Maximum policy size of 2048 bytes exceeded for user ${userName}`),
  invalidArn: (arn: string) => new ServiceError('InvalidInput', `ARN ${arn} is not valid.`),
  changedMeanwhile: () => new ServiceError('ConcurrentModification', 'The policy was changed by another request at the same time. Retry the request.'),
}

/** IAM quotas ("IAM and AWS STS quotas"): versions per managed policy, managed policies per user. */
export const MAX_POLICY_VERSIONS = 5
export const MAX_POLICIES_PER_USER = 10
