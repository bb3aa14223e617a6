import type { FederatedOrigin } from '../credentials/session-claims.ts'
import { RequestContextBuilder, type PrincipalTypeValue } from '../policy/index.ts'
import type { CallContext } from './action.ts'
import type { Caller } from './caller.ts'
import type { CallerPermissions } from './caller-permissions.ts'

const PRINCIPAL_TYPE: Record<Caller['principal']['type'], PrincipalTypeValue> = {
  root: 'Account', user: 'User', 'assumed-role': 'AssumedRole', 'federated-user': 'FederatedUser',
  'web-identity': 'AssumedRole', saml: 'AssumedRole', anonymous: 'Anonymous',
}

/**
 * The global condition keys of a signed call ("AWS global condition context keys"): who the
 * caller is, its tags, MFA and token issue time for temporary credentials, source identity,
 * source IP and time. Actions add their own keys (sts:ExternalId, aws:RequestTag/…) before build().
 */
export function callerContext(caller: Caller, call: CallContext, permissions: CallerPermissions): RequestContextBuilder {
  const builder = new RequestContextBuilder()
    .principalArn(caller.principal.parentArn && caller.principal.type === 'assumed-role' ? caller.principal.parentArn : caller.arn)
    .principalAccount(caller.accountId)
    .principalType(PRINCIPAL_TYPE[caller.principal.type])
    .userId(caller.userId)
    .principalTags(permissions.principalTags)
    .sourceIp(call.sourceIp)
    .currentTime(call.now)
  const user = caller.session ? caller.session.user : caller.user
  if (user && caller.principal.type === 'user') builder.username(user.name)
  const session = caller.session
  if (session) {
    builder.multiFactorAuth(session.mfaAuthenticatedAt === undefined ? undefined : new Date(session.mfaAuthenticatedAt))
    builder.tokenIssueTime(new Date(session.issuedAt))
    if (session.sourceIdentity !== undefined) builder.sourceIdentity(session.sourceIdentity)
    if (session.federation) federatedKeys(builder, session.federation)
  }
  return builder
}

/** aws:FederatedProvider and the provider's own keys (`host/path:sub`, `saml:sub`, …) of a federated principal or session. */
export function federatedKeys(builder: RequestContextBuilder, origin: FederatedOrigin): RequestContextBuilder {
  builder.federatedProvider(origin.provider)
  for (const [key, value] of Object.entries(origin.conditionKeys)) builder.set(key, value, { multiValued: typeof value !== 'string' })
  return builder
}
