import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { createUser } from './create-user.ts'
import { getUser } from './get-user.ts'
import { listUsers } from './list-users.ts'
import { updateUser } from './update-user.ts'
import { deleteUser } from './delete-user.ts'
import { listUserTags, tagUser, untagUser } from './user-tags.ts'
import { createAccessKey } from './create-access-key.ts'
import { listAccessKeys } from './list-access-keys.ts'
import { deleteAccessKey, updateAccessKey } from './change-access-key.ts'
import { getAccessKeyLastUsed } from './get-access-key-last-used.ts'

/** The IAM users actions: users, their tags and access keys. */
export function userActions(deps: IamDeps): ActionDefinition[] {
  return [
    createUser(deps), getUser(deps), listUsers(deps), updateUser(deps), deleteUser(deps),
    tagUser(deps), untagUser(deps), listUserTags(deps),
    createAccessKey(deps), listAccessKeys(deps), updateAccessKey(deps), deleteAccessKey(deps), getAccessKeyLastUsed(deps),
  ]
}
