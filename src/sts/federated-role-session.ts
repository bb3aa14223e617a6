import type { FederatedOrigin } from '../credentials/session-claims.ts'
import { ServiceError } from '../errors.ts'
import type { SessionAttributes } from '../identity/session-attributes.ts'
import { authorize, compilePolicy, principals, RequestContextBuilder, type RequestContext } from '../policy/index.ts'
import type { StoredRole } from '../storage/iam-directory.ts'
import type { CallContext } from './action.ts'
import { federatedKeys } from './caller-context.ts'
import { issueCredentials, type IssuedCredentials } from './issue-credentials.ts'
import type { IssuingDeps } from './issuing-deps.ts'
import { checkSessionPolicies } from './session-policy-input.ts'

/** A principal an identity provider vouched for, with what it asserted for its session. */
export interface FederatedPrincipal {
  /** The action the trust policy must allow. */
  readonly action: 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML'
  /** Where the session comes from; its condition keys are the ones the session keeps. */
  readonly origin: FederatedOrigin
  /** The provider's keys the trust policy sees (SAML's exist in trust policies only; OIDC's are the origin's). */
  readonly trustKeys: FederatedOrigin['conditionKeys']
  readonly attributes: SessionAttributes
  /**
   * Runs once every check has passed, just before credentials are issued: where a one-time proof
   * is spent (SAML replay), so a refused attempt (a bad duration, a trust denial) does not burn it.
   */
  readonly spend?: () => Promise<void>
}

/** The parameters AssumeRoleWithWebIdentity and AssumeRoleWithSAML share. */
export interface FederatedRoleRequest {
  readonly roleArn: string
  readonly roleSessionName: string
  readonly durationSeconds: number | undefined
  readonly policy: string | undefined
  readonly policyArns: readonly string[]
  /** What the IdP allows at most (SAML SessionDuration, SessionNotOnOrAfter): it only shortens the session. */
  readonly maxDurationSeconds?: number
}

export interface FederatedRoleSession {
  readonly credentials: IssuedCredentials
  readonly assumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string }
  readonly packedPolicySize: number | undefined
  readonly sourceIdentity: string | undefined
}

export type FederationDeps = Pick<IssuingDeps, 'authorizer' | 'findRole' | 'sessionKey' | 'roleUsed'>

const DEFAULT_DURATION = 3600

/**
 * The role session a federated principal asks for. The role's trust policy alone decides (there
 * are no identity policies): it must name the provider as `Federated` principal and allow the
 * action, plus sts:TagSession for asserted session tags and sts:SetSourceIdentity for a source
 * identity, with the provider's condition keys, the request tags and sts:RoleSessionName in the
 * context. An unknown role is refused in the same words as an untrusting one (no role
 * enumeration). Throws AccessDenied, ValidationError (duration), MalformedPolicyDocument,
 * PackedPolicyTooLarge, InvalidParameterValue (an unknown policy ARN).
 */
export async function assumeRoleAsFederated(
  principal: FederatedPrincipal, request: FederatedRoleRequest, call: CallContext, deps: FederationDeps,
): Promise<FederatedRoleSession> {
  const { origin, attributes } = principal
  const role = await deps.findRole(request.roleArn)
  const denied = () => new ServiceError('AccessDenied', `Not authorized to perform ${principal.action}`)
  if (!role) throw denied()
  const context = trustContext(principal, request, role, call)
  const trust = compilePolicy(role.trustPolicy, 'trust', `${role.arn}/trust`)
  const caller = origin.kind === 'saml' ? principals.saml(origin.provider) : principals.webIdentity(origin.provider)
  const allows = (action: string) => authorize(
    { principal: caller, action, resource: role.arn, context },
    { identity: [], resource: trust },
  ).outcome === 'allowed'
  if (!allows(principal.action)) throw denied()
  if (attributes.tags.length > 0 && !allows('sts:TagSession')) throw denied()
  if (attributes.sourceIdentity !== undefined && !allows('sts:SetSourceIdentity')) throw denied()

  const requested = request.durationSeconds ?? DEFAULT_DURATION
  if (requested > role.maxSessionDuration) {
    throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  const duration = Math.min(requested, request.maxDurationSeconds ?? requested)
  const packedPolicySize = await checkSessionPolicies({ policy: request.policy, policyArns: request.policyArns, tags: attributes.tags }, deps.authorizer.source)
  await principal.spend?.()
  const credentials = issueCredentials({
    kind: 'assumed-role',
    accountId: role.accountId,
    role: { id: role.id, name: role.name, path: role.path },
    sessionName: request.roleSessionName,
    ...(attributes.sourceIdentity !== undefined && { sourceIdentity: attributes.sourceIdentity }),
    tags: attributes.tags,
    transitiveTagKeys: attributes.transitiveTagKeys,
    ...(request.policy !== undefined && { sessionPolicy: request.policy }),
    sessionPolicyArns: request.policyArns,
    federation: origin,
  }, call.now, duration, await deps.sessionKey())
  await deps.roleUsed(role.id, call.region, call.now)
  return {
    credentials,
    assumedRoleUser: { AssumedRoleId: `${role.id}:${request.roleSessionName}`, Arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${request.roleSessionName}` },
    packedPolicySize,
    sourceIdentity: attributes.sourceIdentity,
  }
}

/** What the trust policy's conditions see: the provider's keys, the session's name, tags and source identity, the role's tags. */
function trustContext(principal: FederatedPrincipal, request: FederatedRoleRequest, role: StoredRole, call: CallContext): RequestContext {
  const { attributes } = principal
  const builder = new RequestContextBuilder()
    .sourceIp(call.sourceIp)
    .currentTime(call.now)
    .roleSessionName(request.roleSessionName)
    .requestTags(new Map(attributes.tags))
    .transitiveTagKeys(attributes.transitiveTagKeys)
  federatedKeys(builder, { ...principal.origin, conditionKeys: principal.trustKeys })
  if (attributes.sourceIdentity !== undefined) builder.stsSourceIdentity(attributes.sourceIdentity)
  for (const [key, value] of role.tags) builder.set(`aws:ResourceTag/${key}`, value)
  return builder.build()
}
