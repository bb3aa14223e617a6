import type { AccessKeyRecord, UserRecord } from '../../../storage/iam/user-store.ts'
import { arns } from '../../arns.ts'
import { storedTags } from '../../iam-parameters.ts'

/**
 * IAM's `User` shape (IAM API Reference, "User" data type), members in AWS's order. List
 * actions leave out PermissionsBoundary and Tags, as AWS does; Tags appear only when there are
 * some. PasswordLastUsed is never known here (stsgate users have no console password).
 */
export function userView(user: UserRecord, detail: 'full' | 'listed') {
  const tags = storedTags(user.tags)
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: arns.user(user.accountId, user.path, user.name),
    CreateDate: user.createdAt,
    ...(detail === 'full' && {
      PermissionsBoundary: user.permissionsBoundaryArn === null ? undefined
        : { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: user.permissionsBoundaryArn },
      Tags: tags.length > 0 ? tags : undefined,
    }),
  }
}

/** `AccessKeyMetadata`: no secret. Root keys have no user name (root is no IAM user). */
export function accessKeyMetadataView(key: AccessKeyRecord) {
  return { UserName: key.userName, AccessKeyId: key.id, Status: key.status, CreateDate: key.createdAt }
}
