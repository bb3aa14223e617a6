import type { Caller } from '../../../sts/caller.ts'
import type { KeyOwner, UserStore } from '../../../storage/iam/user-store.ts'
import { noSuchUser } from '../../entity-errors.ts'
import { callerSelf, namedUser } from '../../user-lookup.ts'

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
