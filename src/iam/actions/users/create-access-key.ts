import { generateAccessKeyId, generateSecretAccessKey } from '../../../credentials/access-key-id.ts'
import { awsTimestamp } from '../../../protocol/xml-response.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString } from '../../iam-parameters.ts'
import { userResource } from '../../user-lookup.ts'
import { keyOwner } from './key-owner.ts'

interface Input { userName: string | undefined }
interface Result {
  AccessKey: { UserName: string | undefined; AccessKeyId: string; Status: string; SecretAccessKey: string; CreateDate: Date }
}

/**
 * CreateAccessKey: a new Active `AKIA…` key for the named user, or without UserName for the
 * caller (the root user gets a root key). At most 2 keys per user (LimitExceeded). The secret is
 * returned once and stored only sealed; the audit record keeps the key id alone.
 */
export const createAccessKey = (deps: IamDeps) => iamAction<Input, Result>(deps, {
  name: 'CreateAccessKey',
  parameters: ['UserName'],
  parse: (params) => ({ userName: optionalString(params, 'UserName', IAM_RULES.existingUserName) }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName, 'long-term-key'),
  run: async (input, { caller }) => {
    const { owner, userName } = await keyOwner(deps.stores.users, caller, input.userName)
    const secret = generateSecretAccessKey()
    const key = await deps.stores.users.createAccessKey(caller.accountId, owner, generateAccessKeyId('AKIA', caller.accountId), secret)
    return { AccessKey: { UserName: userName, AccessKeyId: key.id, Status: key.status, SecretAccessKey: secret, CreateDate: key.createdAt } }
  },
  // CloudTrail's shape for CreateAccessKey, without the secret.
  auditResponse: ({ AccessKey: key }) => ({
    accessKey: { accessKeyId: key.AccessKeyId, status: key.Status, ...(key.UserName !== undefined && { userName: key.UserName }), createDate: awsTimestamp(key.CreateDate) },
  }),
})
