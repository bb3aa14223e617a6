import { ServiceError } from '../errors.ts'
import { principals } from '../policy/request-principal.ts'
import type { AccessKeyStore, StoredAccessKey } from '../storage/access-key-store.ts'
import { TtlCache } from '../storage/ttl-cache.ts'
import type { Caller } from '../sts/caller.ts'
import type { CredentialResolver, ResolvedCredential } from './credential-resolver.ts'

// How long a looked-up key is trusted before it is read again: deactivating or deleting a key
// takes effect within this time (IAM itself is eventually consistent for a few seconds).
const CACHE_MS = 5_000
const CACHE_LIMIT = 10_000

const invalidToken = () => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.')

/**
 * Resolves long-term (`AKIA…`) keys from storage, with a short cache so a busy client costs one
 * read per few seconds. A session token or an `ASIA…` id is not a long-term key: refused.
 */
export class StoredCredentialResolver implements CredentialResolver {
  readonly #cache: TtlCache<StoredAccessKey | undefined>

  constructor(
    private readonly keys: AccessKeyStore,
    clock: () => Date,
  ) {
    this.#cache = new TtlCache(CACHE_MS, CACHE_LIMIT, () => clock().getTime())
  }

  async resolve(accessKeyId: string, sessionToken: string | undefined): Promise<ResolvedCredential> {
    if (!accessKeyId.startsWith('AKIA') || sessionToken !== undefined) throw invalidToken()
    const key = await this.#cache.get(accessKeyId, () => this.keys.find(accessKeyId))
    if (!key || !key.active) throw invalidToken()
    return { secretAccessKey: key.secretAccessKey, caller: callerOf(key) }
  }

  /** Forgets every cached key: IAM changed keys or users in this process (other processes take ≤5 s). */
  forget(): void {
    this.#cache.clear()
  }
}

function callerOf(key: StoredAccessKey): Caller {
  if (!key.user) {
    const principal = principals.root(key.accountId)
    return { accessKeyId: key.accessKeyId, accountId: key.accountId, arn: principal.arn!, userId: key.accountId, principal, temporary: false }
  }
  const principal = principals.user(key.accountId, key.user.path, key.user.name)
  return { accessKeyId: key.accessKeyId, accountId: key.accountId, arn: principal.arn!, userId: key.user.id, principal, temporary: false, user: key.user }
}
