import type { UserRecord, UserStore } from '../storage/iam/user-store.ts'
import type { Caller } from '../sts/caller.ts'
import { arns } from './arns.ts'
import { noSuchUser, userNameRequired } from './entity-errors.ts'

/**
 * The ARN an action on the named user is authorized on: `user/PATH/NAME` with the stored path and
 * spelling when the user exists, `/` otherwise (the caller learns it does not exist only if
 * allowed to ask, and the action then answers NoSuchEntity).
 */
export async function userArnFor(users: UserStore, caller: Caller, userName: string): Promise<string> {
  const user = await users.findByName(caller.accountId, userName)
  return arns.user(caller.accountId, user?.path ?? '/', user?.name ?? userName)
}

/** The named user of the caller's account (names compared without case); NoSuchEntity when there is none. */
export async function namedUser(users: UserStore, caller: Caller, userName: string): Promise<UserRecord> {
  const user = await users.findByName(caller.accountId, userName)
  if (!user) throw noSuchUser(userName)
  return user
}

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
  throw userNameRequired()
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
  return userArnFor(users, caller, userName)
}

/** The calling IAM user's name, undefined for the root user; other credentials must name a user (ValidationError). */
export function callerUserName(caller: Caller): string | undefined {
  const self = callerSelf(caller)
  return self.kind === 'user' ? self.name : undefined
}
