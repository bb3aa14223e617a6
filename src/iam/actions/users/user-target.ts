import { ServiceError } from '../../../errors.ts'
import type { Caller } from '../../../sts/caller.ts'
import { noSuchUser, type KeyOwner, type UserRecord, type UserStore } from '../../../storage/iam/user-store.ts'
import { arns } from '../../arns.ts'

/**
 * Who a user action is about when UserName is optional (GetUser and the access key actions): the
 * caller itself. IAM determines it from the signing key: an IAM user or the root user (for
 * GetUser also their GetSessionToken sessions); any other credentials must name the user. The
 * access key actions want a long-term key (IAM API Reference, ListAccessKeys: "If a temporary
 * access key is used, then UserName is required").
 */
export type Self = { readonly kind: 'root' } | { readonly kind: 'user'; readonly id: string; readonly name: string }

export type SelfFrom = 'any-key' | 'long-term-key'

export function callerSelf(caller: Caller, from: SelfFrom = 'any-key'): Self {
  const user = caller.user ?? caller.session?.user
  const keyFits = from === 'any-key' || !caller.temporary
  if (keyFits && caller.principal.type === 'root') return { kind: 'root' }
  if (keyFits && caller.principal.type === 'user' && user) return { kind: 'user', id: user.id, name: user.name }
  // AWS's words, observed on GetUser and ListAccessKeys called with role session credentials.
  throw new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials')
}

/**
 * The ARN an action on the named user (or the caller) is authorized on: `user/PATH/NAME` with the
 * stored path when the user exists, `/` otherwise (the action then answers NoSuchEntity).
 */
export async function userResource(users: UserStore, caller: Caller, userName: string | undefined, from: SelfFrom = 'any-key'): Promise<string> {
  if (userName === undefined) {
    callerSelf(caller, from)
    return caller.arn
  }
  const user = await users.findByName(caller.accountId, userName)
  return arns.user(caller.accountId, user?.path ?? '/', user?.name ?? userName)
}

/** The named user, or the calling IAM user; NoSuchEntity when it does not exist. */
export async function namedUser(users: UserStore, caller: Caller, userName: string): Promise<UserRecord> {
  const user = await users.findByName(caller.accountId, userName)
  if (!user) throw noSuchUser(userName)
  return user
}

/** Whose access keys an access key action manages: the named user, else the caller (user or root). */
export async function keyOwner(users: UserStore, caller: Caller, userName: string | undefined): Promise<{ owner: KeyOwner; userName: string | undefined }> {
  if (userName !== undefined) {
    const user = await namedUser(users, caller, userName)
    return { owner: { userId: user.id }, userName: user.name }
  }
  const self = callerSelf(caller, 'long-term-key')
  if (self.kind === 'root') return { owner: { root: true }, userName: undefined }
  const user = await users.findById(caller.accountId, self.id)
  if (!user) throw noSuchUser(self.name)
  return { owner: { userId: user.id }, userName: user.name }
}
