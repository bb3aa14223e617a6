import type { RoleRecord } from '../../../storage/iam/role-store.ts'
import { encodedPolicyDocument } from '../../policy-documents.ts'

// The members of IAM's Role structure each action returns (IAM API Reference, "Role" data type and
// each action's response): ListRoles leaves out PermissionsBoundary, RoleLastUsed and Tags;
// CreateRole answers with what it was given; GetRole and UpdateRoleDescription with everything.

const core = (role: RoleRecord) => ({
  Path: role.path,
  RoleName: role.name,
  RoleId: role.id,
  Arn: role.arn,
  CreateDate: role.createdAt,
  AssumeRolePolicyDocument: encodedPolicyDocument(role.trustPolicy),
})

const boundary = (role: RoleRecord) =>
  role.permissionsBoundaryArn === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.permissionsBoundaryArn }

const tags = (role: RoleRecord) => (role.tags.length === 0 ? undefined : role.tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })))

/** CreateRole's Role: the identifiers, the trust policy, and the optional members the request set. */
export const createdRoleView = (role: RoleRecord) => ({
  ...core(role),
  Description: role.description,
  PermissionsBoundary: boundary(role),
  Tags: tags(role),
})

/** ListRoles' Role. */
export const listedRoleView = (role: RoleRecord) => ({
  ...core(role),
  Description: role.description,
  MaxSessionDuration: role.maxSessionDuration,
})

/** GetRole's (and UpdateRoleDescription's) Role; RoleLastUsed is empty until the role is assumed. */
export const roleView = (role: RoleRecord) => ({
  ...listedRoleView(role),
  PermissionsBoundary: boundary(role),
  Tags: tags(role),
  RoleLastUsed: { LastUsedDate: role.lastUsedAt, Region: role.lastUsedRegion },
})
