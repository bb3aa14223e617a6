import type { SamlServiceProvider } from '../../config/config.ts'
import type { FederatedOrigin } from '../../credentials/session-claims.ts'
import { ServiceError } from '../../errors.ts'
import { invalidIdentityToken } from '../../identity/errors.ts'
import { awsSamlAttributes } from '../../identity/saml/aws-attributes.ts'
import { nameQualifier, samlConditionKeys, subjectType } from '../../identity/saml/saml-condition-keys.ts'
import { verifySamlResponse, type VerifiedSamlAssertion } from '../../identity/saml/verify-saml-response.ts'
import type { QueryParams } from '../../protocol/query-params.ts'
import { unechoedString } from '../../protocol/string-parameters.ts'
import { checkAll } from '../../protocol/validation-error.ts'
import type { StoredSamlProvider } from '../../storage/iam-directory.ts'
import type { ActionDefinition, CallContext } from '../action.ts'
import { assumeRoleAsFederated, type FederatedRoleRequest, type FederationDeps } from '../federated-role-session.ts'
import { auditedCredentials, type IssuedCredentials } from '../issue-credentials.ts'
import { durationSeconds, optionalString, policyArns, requiredString, RULES } from '../session-parameters.ts'

/** The role session name comes from the assertion's RoleSessionName attribute, not a parameter. */
export interface AssumeRoleWithSamlInput extends Omit<FederatedRoleRequest, 'roleSessionName' | 'maxDurationSeconds'> {
  readonly principalArn: string
  readonly samlAssertion: string
}

export interface AssumeRoleWithSamlResult {
  readonly Credentials: IssuedCredentials
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string }
  readonly PackedPolicySize: number | undefined
  readonly Subject: string
  readonly SubjectType: string
  readonly Issuer: string
  readonly Audience: string
  readonly NameQualifier: string
  readonly SourceIdentity: string | undefined
}

export interface SamlDeps extends FederationDeps {
  readonly findSamlProvider: (arn: string) => Promise<StoredSamlProvider | undefined>
  readonly serviceProvider: SamlServiceProvider
  /** stsgate's SP decryption key (PKCS#8 PEM). */
  readonly spDecryptionKey: string
  /** False when this assertion (issuer and id) was used for this role before: a replay (storage/one-time-use-store.ts, shared by every instance). */
  readonly consumeAssertion: (assertion: string, roleArn: string, until: Date) => Promise<boolean>
}

// STS model: SAMLAssertionType (4-100000 characters; sensitive, so never echoed).
const ASSERTION_RULE = { min: 4, max: 100_000 }

export function parseAssumeRoleWithSaml(params: QueryParams): AssumeRoleWithSamlInput {
  return checkAll({
    roleArn: () => requiredString(params, 'RoleArn', RULES.roleArn),
    principalArn: () => requiredString(params, 'PrincipalArn', RULES.roleArn),
    samlAssertion: () => unechoedString(params, 'SAMLAssertion', ASSERTION_RULE, true)!,
    durationSeconds: () => durationSeconds(params, 900, 43200),
    policy: () => optionalString(params, 'Policy', RULES.policy),
    policyArns: () => policyArns(params),
  })
}

/**
 * AssumeRoleWithSAML (sts-wire.md §5.2), unsigned: the response is verified against the
 * certificates of the provider PrincipalArn names and nothing else (verify-saml-response.ts),
 * its Role attribute must pair RoleArn with PrincipalArn, the role's trust policy decides
 * (federated-role-session.ts) with the saml:* keys, and only then is the assertion spent for that
 * role, once across every instance. Duration: DurationSeconds (default 3600) up to the role's
 * maximum, shortened by the SessionDuration attribute and the AuthnStatement's SessionNotOnOrAfter.
 * Throws InvalidIdentityToken, ExpiredTokenException, IDPRejectedClaim, AccessDenied,
 * ValidationError, MalformedPolicyDocument, PackedPolicyTooLarge.
 */
export function assumeRoleWithSaml(deps: SamlDeps): ActionDefinition<AssumeRoleWithSamlInput, AssumeRoleWithSamlResult> {
  return {
    name: 'AssumeRoleWithSAML',
    version: '2011-06-15',
    signed: false,
    parameters: ['RoleArn', 'PrincipalArn', 'SAMLAssertion', 'PolicyArns', 'Policy', 'DurationSeconds'],
    parse: parseAssumeRoleWithSaml,
    handle: (input, call) => handle(input, call, deps),
    auditResponse: (result) => ({
      credentials: auditedCredentials(result.Credentials),
      assumedRoleUser: { assumedRoleId: result.AssumedRoleUser.AssumedRoleId, arn: result.AssumedRoleUser.Arn },
      subject: result.Subject,
      subjectType: result.SubjectType,
      issuer: result.Issuer,
      audience: result.Audience,
      nameQualifier: result.NameQualifier,
      ...(result.SourceIdentity !== undefined && { sourceIdentity: result.SourceIdentity }),
    }),
  }
}

async function handle(input: AssumeRoleWithSamlInput, call: CallContext, deps: SamlDeps): Promise<AssumeRoleWithSamlResult> {
  const provider = await deps.findSamlProvider(input.principalArn)
  if (!provider) throw invalidIdentityToken(`No SAML provider ${input.principalArn} exists.`)
  const assertion = await verifySamlResponse(input.samlAssertion, provider, deps.serviceProvider, deps.spDecryptionKey, call.now)
  const qualifier = nameQualifier(assertion.issuer, provider.accountId, provider.name)
  call.identify?.({
    type: 'SAMLUser', principalId: `${qualifier}:${assertion.nameId}`, userName: assertion.nameId, identityProvider: qualifier, accountId: provider.accountId,
  })
  const requested = awsSamlAttributes(assertion.attributes)
  // The IdP must have offered this very role through this very provider (S-20).
  if (!requested.roles.some((pair) => pair.roleArn === input.roleArn && pair.providerArn === input.principalArn)) {
    throw new ServiceError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML')
  }
  const session = await assumeRoleAsFederated({
    action: 'sts:AssumeRoleWithSAML',
    origin: originOf(assertion, provider),
    trustKeys: samlConditionKeys(assertion, provider.accountId, provider.name, qualifier),
    attributes: requested.session,
    // Once per role: AWS lets one assertion serve every role it offers (multi-account tools rely
    // on that), but the same role twice is a replay.
    spend: async () => {
      if (!(await deps.consumeAssertion(`${assertion.issuer}\n${assertion.id}`, input.roleArn, assertion.usableUntil))) {
        throw invalidIdentityToken('The SAML assertion has already been used.')
      }
    },
  }, { ...input, roleSessionName: requested.roleSessionName, maxDurationSeconds: maxDuration(requested.sessionDuration, assertion, call.now) }, call, deps)
  return {
    Credentials: session.credentials,
    AssumedRoleUser: session.assumedRoleUser,
    PackedPolicySize: session.packedPolicySize,
    Subject: assertion.nameId,
    SubjectType: subjectType(assertion.nameIdFormat),
    Issuer: assertion.issuer,
    Audience: assertion.recipient,
    NameQualifier: qualifier,
    SourceIdentity: session.sourceIdentity,
  }
}

/** The SAML keys live in trust policies only (IAM's mapping table): the session keeps just its provider. */
function originOf(assertion: VerifiedSamlAssertion, provider: StoredSamlProvider): FederatedOrigin {
  return { kind: 'saml', provider: provider.arn, issuer: assertion.issuer, subject: assertion.nameId, conditionKeys: {} }
}

/** SessionDuration and SessionNotOnOrAfter, whichever ends first; an IdP session already over allows nothing. */
function maxDuration(sessionDuration: number | undefined, assertion: VerifiedSamlAssertion, now: Date): number | undefined {
  const untilSessionEnds = assertion.sessionNotOnOrAfter && Math.floor((assertion.sessionNotOnOrAfter.getTime() - now.getTime()) / 1000)
  if (untilSessionEnds !== undefined && untilSessionEnds <= 0) throw new ServiceError('ExpiredTokenException', 'The identity provider session has ended (SessionNotOnOrAfter).')
  const limits = [sessionDuration, untilSessionEnds].filter((limit) => limit !== undefined)
  return limits.length > 0 ? Math.min(...limits) : undefined
}
