import { decodeJwt } from 'jose'
import type { FederatedOrigin } from '../../credentials/session-claims.ts'
import { ServiceError } from '../../errors.ts'
import { invalidIdentityToken } from '../../identity/errors.ts'
import { sessionAttributesOf } from '../../identity/oidc/aws-claims.ts'
import type { ProviderKeySets } from '../../identity/oidc/provider-key-sets.ts'
import { verifyWebIdentityToken, type VerifiedWebIdentity } from '../../identity/oidc/verify-web-identity-token.ts'
import { accountOfArn, oidcProviderId } from '../../iam/arns.ts'
import type { QueryParams } from '../../protocol/query-params.ts'
import { unechoedString } from '../../protocol/string-parameters.ts'
import { checkAll } from '../../protocol/validation-error.ts'
import type { StoredOidcProvider } from '../../storage/iam-directory.ts'
import type { ActionDefinition, CallContext } from '../action.ts'
import { assumeRoleAsFederated, type FederatedRoleRequest, type FederationDeps } from '../federated-role-session.ts'
import { auditedCredentials, type IssuedCredentials } from '../issue-credentials.ts'
import { durationSeconds, optionalString, policyArns, requiredString, RULES } from '../session-parameters.ts'

export interface AssumeRoleWithWebIdentityInput extends FederatedRoleRequest {
  readonly webIdentityToken: string
  readonly providerId: string | undefined
}

export interface AssumeRoleWithWebIdentityResult {
  readonly Credentials: IssuedCredentials
  readonly SubjectFromWebIdentityToken: string
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string }
  readonly PackedPolicySize: number | undefined
  readonly Provider: string
  readonly Audience: string
  readonly SourceIdentity: string | undefined
}

export interface WebIdentityDeps extends FederationDeps {
  readonly findOidcProvider: (accountId: string, url: string) => Promise<StoredOidcProvider | undefined>
  readonly keySets: ProviderKeySets
  /** STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE. */
  readonly maxTokenAgeSeconds: number
}

// STS model: clientTokenType (WebIdentityToken, sensitive), urlType (ProviderId).
const TOKEN_RULE = { min: 4, max: 20_000 }
const PROVIDER_ID_RULE = { min: 4, max: 2048 }

export function parseAssumeRoleWithWebIdentity(params: QueryParams): AssumeRoleWithWebIdentityInput {
  return checkAll({
    roleArn: () => requiredString(params, 'RoleArn', RULES.roleArn),
    roleSessionName: () => requiredString(params, 'RoleSessionName', RULES.roleSessionName),
    webIdentityToken: () => unechoedString(params, 'WebIdentityToken', TOKEN_RULE, true)!,
    providerId: () => optionalString(params, 'ProviderId', PROVIDER_ID_RULE),
    durationSeconds: () => durationSeconds(params, 900, 43200),
    policy: () => optionalString(params, 'Policy', RULES.policy),
    policyArns: () => policyArns(params),
  })
}

/**
 * AssumeRoleWithWebIdentity (sts-wire.md §5.3), unsigned: the token's issuer must be an OIDC
 * provider registered in the role's account, exactly; the token is verified against that
 * provider's keys (verify-web-identity-token.ts); the role's trust policy decides
 * (federated-role-session.ts). Session tags and source identity come from the token's
 * `https://aws.amazon.com/…` claims. ProviderId, AWS's switch for OAuth 2.0 access tokens,
 * must name the token's own provider (its URL without `https://`): stsgate verifies JWTs only.
 * Throws InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim, IDPCommunicationError,
 * AccessDenied, ValidationError, MalformedPolicyDocument, PackedPolicyTooLarge.
 */
export function assumeRoleWithWebIdentity(deps: WebIdentityDeps): ActionDefinition<AssumeRoleWithWebIdentityInput, AssumeRoleWithWebIdentityResult> {
  return {
    name: 'AssumeRoleWithWebIdentity',
    version: '2011-06-15',
    signed: false,
    parameters: ['RoleArn', 'RoleSessionName', 'WebIdentityToken', 'ProviderId', 'PolicyArns', 'Policy', 'DurationSeconds'],
    parse: parseAssumeRoleWithWebIdentity,
    handle: (input, call) => handle(input, call, deps),
    auditResponse: (result) => ({
      credentials: auditedCredentials(result.Credentials),
      subjectFromWebIdentityToken: result.SubjectFromWebIdentityToken,
      assumedRoleUser: { assumedRoleId: result.AssumedRoleUser.AssumedRoleId, arn: result.AssumedRoleUser.Arn },
      provider: result.Provider,
      audience: result.Audience,
      ...(result.SourceIdentity !== undefined && { sourceIdentity: result.SourceIdentity }),
    }),
  }
}

async function handle(input: AssumeRoleWithWebIdentityInput, call: CallContext, deps: WebIdentityDeps): Promise<AssumeRoleWithWebIdentityResult> {
  const accountId = accountOfArn(input.roleArn)
  if (accountId === undefined) throw new ServiceError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
  const issuer = unverifiedIssuer(input.webIdentityToken)
  // The issuer only picks which registered provider to verify against, by exact match: no
  // discovery ever starts from a token's contents.
  const provider = await deps.findOidcProvider(accountId, issuer)
  if (!provider) throw invalidIdentityToken(`No OpenIDConnect provider found in your account for ${issuer}`)
  const providerId = oidcProviderId(provider.url)
  if (input.providerId !== undefined && input.providerId !== providerId) {
    throw invalidIdentityToken(`ProviderId ${input.providerId} is not the provider of this token (${providerId})`)
  }
  const verified = await verifyWebIdentityToken(input.webIdentityToken, provider, deps.keySets.keysOf(provider.url), call.now, deps.maxTokenAgeSeconds)
  call.identify?.({
    type: 'WebIdentityUser',
    principalId: `${provider.arn}:${verified.audience}:${verified.subject}`,
    userName: verified.subject,
    identityProvider: provider.arn,
    accountId,
  })
  const origin = originOf(verified, provider.arn, providerId)
  const session = await assumeRoleAsFederated({
    action: 'sts:AssumeRoleWithWebIdentity',
    origin,
    trustKeys: origin.conditionKeys,
    attributes: sessionAttributesOf(verified.claims),
  }, input, call, deps)
  return {
    Credentials: session.credentials,
    SubjectFromWebIdentityToken: verified.subject,
    AssumedRoleUser: session.assumedRoleUser,
    PackedPolicySize: session.packedPolicySize,
    // AWS: the provider ARN for OIDC, the ProviderId for OAuth 2.0 access tokens.
    Provider: input.providerId ?? provider.arn,
    Audience: verified.audience,
    SourceIdentity: session.sourceIdentity,
  }
}

/** The token's iss before verification: what to look up, never what to trust. */
function unverifiedIssuer(token: string): string {
  let iss: unknown
  try {
    iss = decodeJwt(token).iss
  } catch {
    throw invalidIdentityToken('The web identity token is not a well-formed signed JWT.')
  }
  if (iss === undefined) throw invalidIdentityToken('The web identity token lacks the required claim iss.')
  if (typeof iss !== 'string' || iss === '') throw invalidIdentityToken('The web identity token has an invalid iss claim.')
  return iss
}

/**
 * The provider's condition keys (IAM "Available keys for OIDC federation"): `<id>:sub`,
 * `<id>:aud` (the azp when the token has one), `<id>:oaud` (then the aud), `<id>:amr`
 * (multivalued), where `<id>` is the provider URL without `https://`.
 */
function originOf(verified: VerifiedWebIdentity, providerArn: string, providerId: string): FederatedOrigin {
  const keys: Record<string, string | readonly string[]> = {
    [`${providerId}:sub`]: verified.subject,
    [`${providerId}:aud`]: verified.audience,
  }
  if (verified.otherAudience !== undefined) keys[`${providerId}:oaud`] = verified.otherAudience
  if (verified.amr !== undefined) keys[`${providerId}:amr`] = verified.amr
  return { kind: 'web-identity', provider: providerArn, issuer: verified.issuer, subject: verified.subject, conditionKeys: keys }
}
