import { ServiceError } from '../errors.ts'
import { principals, type RequestPrincipal } from '../policy/request-principal.ts'
import type { Caller } from '../sts/caller.ts'
import type { CredentialResolver, ResolvedCredential } from './credential-resolver.ts'
import { envelopeKeyId, type SealingKey } from './sealed-envelope.ts'
import { sessionIdentity, type SessionClaims, type SessionFacts } from './session-claims.ts'
import { openSessionEnvelope, sessionTokenEnvelope } from './session-token.ts'

export interface SessionResolverDeps {
  /** Resolves everything that is not an `ASIA…` key. */
  readonly longTerm: CredentialResolver
  /** The session-token sealing key with this id (retired keys included). */
  readonly sealingKey: (id: string) => Promise<SealingKey | undefined>
  readonly clock: () => Date
}

const invalidToken = () => new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.')

/**
 * Resolves temporary (`ASIA…`) credentials from their sealed session token alone: no storage
 * read. Throws InvalidClientTokenId for a missing, tampered or foreign token, ExpiredToken once
 * it has expired. A revoked role session verifies; its role's AWSRevokeOlderSessions policy
 * denies what it then asks for (src/iam/session-revocation.ts), as on AWS.
 */
export class SessionCredentialResolver implements CredentialResolver {
  constructor(private readonly deps: SessionResolverDeps) {}

  async resolve(accessKeyId: string, sessionToken: string | undefined): Promise<ResolvedCredential> {
    if (!accessKeyId.startsWith('ASIA')) return this.deps.longTerm.resolve(accessKeyId, sessionToken)
    const envelope = sessionToken === undefined ? undefined : sessionTokenEnvelope(sessionToken)
    const key = envelope && await this.deps.sealingKey(envelopeKeyId(envelope)!)
    const claims = key && openSessionEnvelope(envelope!, accessKeyId, key)
    if (!claims) throw invalidToken()
    if (this.deps.clock().getTime() >= claims.expiresAt) {
      throw new ServiceError('ExpiredToken', 'The security token included in the request is expired')
    }
    return { secretAccessKey: claims.secretAccessKey, caller: sessionCaller(claims) }
  }
}

/** The caller a session token speaks for. The secret stays here: a Caller never carries it. */
export function sessionCaller(claims: SessionClaims): Caller {
  const { secretAccessKey: _secret, ...session } = claims
  const { arn, userId } = sessionIdentity(session)
  return { accessKeyId: session.accessKeyId, accountId: session.accountId, arn, userId, principal: sessionPrincipal(session), temporary: true, session }
}

function sessionPrincipal(claims: SessionFacts): RequestPrincipal {
  const account = claims.accountId
  const user = claims.user
  switch (claims.kind) {
    case 'assumed-role':
      return principals.assumedRole(account, claims.role!.path, claims.role!.name, claims.sessionName!)
    case 'federated-user':
      return principals.federatedUser(account, claims.sessionName!, user ? principals.user(account, user.path, user.name).arn! : principals.root(account).arn!)
    case 'session-token':
      return user ? principals.user(account, user.path, user.name) : principals.root(account)
  }
}
