import { ServiceError } from '../errors.ts'
import type { ApiVersion } from './action.ts'
import type { Caller } from './caller.ts'

/** STS actions each kind of temporary credential may call (sts-wire.md §6.1); others may call any. */
const STS_ACTIONS_OF: Partial<Record<string, ReadonlySet<string>>> = {
  'session-token': new Set(['AssumeRole', 'GetCallerIdentity']),
  'federated-user': new Set(['GetCallerIdentity']),
}
const LONG_TERM_ONLY = new Set(['GetSessionToken', 'GetFederationToken'])

/**
 * Refuses a call the caller's kind of credentials can never make, before any policy is read
 * (sts-wire.md §6.1): GetSessionToken and GetFederationToken need long-term credentials, the
 * root user may not assume roles, GetSessionToken credentials call only AssumeRole and
 * GetCallerIdentity on STS (and IAM only when MFA-authenticated), GetFederationToken credentials
 * only GetCallerIdentity. Throws AccessDenied (InvalidClientTokenId for IAM without MFA, as AWS).
 */
export function assertCallerMayCall(caller: Caller, version: ApiVersion, action: string): void {
  if (caller.temporary && LONG_TERM_ONLY.has(action)) {
    throw new ServiceError('AccessDenied', `Cannot call ${action} with session credentials`)
  }
  if (action === 'AssumeRole' && caller.principal.type === 'root') {
    throw new ServiceError('AccessDenied', 'Roles may not be assumed by root accounts.')
  }
  const kind = caller.session?.kind
  if (kind === undefined) return
  if (version === '2010-05-08') {
    if (kind === 'session-token' && caller.session!.mfaAuthenticatedAt === undefined) {
      throw new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.')
    }
    if (kind === 'federated-user') throw notAuthorized(caller, `iam:${action}`)
    return
  }
  const allowed = STS_ACTIONS_OF[kind]
  if (allowed && !allowed.has(action)) throw notAuthorized(caller, `sts:${action}`)
}

const notAuthorized = (caller: Caller, action: string) =>
  new ServiceError('AccessDenied', `User: ${caller.arn} is not authorized to perform: ${action} with these credentials`)
