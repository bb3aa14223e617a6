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
  }
  return builder
}
