import type { SessionFacts } from '../../credentials/session-claims.ts'
import { ServiceError } from '../../errors.ts'
import { compilePolicy } from '../../policy/index.ts'
import type { QueryParams } from '../../protocol/query-params.ts'
import { checkAll, validationError } from '../../protocol/validation-error.ts'
import type { ActionDefinition, CallContext } from '../action.ts'
import type { Caller } from '../caller.ts'
import { callerContext } from '../caller-context.ts'
import { auditedCredentials, issueCredentials, type IssuedCredentials } from '../issue-credentials.ts'
import type { IssuingDeps } from '../issuing-deps.ts'
import { verifyMfa } from '../mfa-check.ts'
import {
  durationSeconds, mfaParameters, optionalString, policyArns, requiredString, RULES, sessionTags, transitiveTagKeys,
} from '../session-parameters.ts'
import { checkSessionPolicies } from '../session-policy-input.ts'

export interface AssumeRoleInput {
  readonly roleArn: string
  readonly roleSessionName: string
  readonly durationSeconds: number | undefined
  readonly policy: string | undefined
  readonly policyArns: readonly string[]
  readonly tags: ReadonlyArray<readonly [string, string]>
  readonly transitiveTagKeys: readonly string[]
  readonly externalId: string | undefined
  readonly serialNumber?: string
  readonly tokenCode?: string
  readonly sourceIdentity: string | undefined
}

export interface AssumeRoleResult {
  readonly Credentials: IssuedCredentials
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string }
  readonly PackedPolicySize: number | undefined
  readonly SourceIdentity: string | undefined
}

const DEFAULT_DURATION = 3600
/** "Role chaining limits your … session to a maximum of one hour" (IAM User Guide, id_roles_terms-and-concepts). */
const CHAINED_MAX_DURATION = 3600

/** Every constraint failure is reported at once, as AWS does. */
export function parseAssumeRole(params: QueryParams): AssumeRoleInput {
  const { mfa, ...input } = checkAll({
    roleArn: () => requiredString(params, 'RoleArn', RULES.roleArn),
    roleSessionName: () => requiredString(params, 'RoleSessionName', RULES.roleSessionName),
    durationSeconds: () => durationSeconds(params, 900, 43200),
    policy: () => optionalString(params, 'Policy', RULES.policy),
    policyArns: () => policyArns(params),
    tags: () => sessionTags(params),
    transitiveTagKeys: () => transitiveTagKeys(params),
    externalId: () => optionalString(params, 'ExternalId', RULES.externalId),
    mfa: () => mfaParameters(params),
    sourceIdentity: () => optionalString(params, 'SourceIdentity', RULES.sourceIdentity),
  })
  return { ...input, ...mfa }
}

/**
 * AssumeRole (sts-wire.md §5.1): the role's trust policy and the caller's identity policies
 * decide sts:AssumeRole (plus sts:TagSession for session tags and sts:SetSourceIdentity for a
 * source identity) the way the policy engine decides any request. A role session passes on its
 * transitive tags and source identity, and a chained session lasts at most one hour.
 * Root and federated-user callers are refused before (caller-restrictions.ts).
 * Throws AccessDenied (trust denied, bad MFA), ValidationError
 * (duration), InvalidParameterValue (tags), MalformedPolicyDocument, PackedPolicyTooLarge.
 */
export function assumeRole(deps: IssuingDeps): ActionDefinition<AssumeRoleInput, AssumeRoleResult> {
  return {
    name: 'AssumeRole',
    version: '2011-06-15',
    signed: true,
    parameters: ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'Policy', 'PolicyArns', 'Tags', 'TransitiveTagKeys',
      'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity'],
    parse: parseAssumeRole,
    handle: (input, call) => handleAssumeRole(input, call, deps),
    auditResponse: (result) => ({
      credentials: auditedCredentials(result.Credentials),
      assumedRoleUser: { assumedRoleId: result.AssumedRoleUser.AssumedRoleId, arn: result.AssumedRoleUser.Arn },
      ...(result.SourceIdentity !== undefined && { sourceIdentity: result.SourceIdentity }),
    }),
  }
}

async function handleAssumeRole(input: AssumeRoleInput, call: CallContext, deps: IssuingDeps): Promise<AssumeRoleResult> {
  const caller = call.caller!
  const { authorizer } = deps
  const request = { action: 'sts:AssumeRole', resource: input.roleArn }
  const inherited = inheritedFrom(caller)
  const tags = sessionTagsOf(input, inherited)
  const sourceIdentity = sourceIdentityOf(input, inherited)
  const mfaAuthenticatedAt = await verifyMfa(input, { accountId: caller.accountId, userId: caller.user?.id ?? caller.session?.user?.id }, deps.mfaDevices, call.now)

  const permissions = await authorizer.permissions(caller)
  const context = callerContext(caller, call, permissions).roleSessionName(input.roleSessionName)
  if (input.externalId !== undefined) context.externalId(input.externalId)
  if (input.sourceIdentity !== undefined) context.stsSourceIdentity(input.sourceIdentity)
  if (mfaAuthenticatedAt) context.multiFactorAuth(mfaAuthenticatedAt)
  context.requestTags(new Map(input.tags)).transitiveTagKeys(tags.transitiveTagKeys)

  const role = await deps.findRole(input.roleArn)
  if (!role) throw await authorizer.deny(caller, { ...request, context: context.build() }, 'the role does not exist')
  for (const [key, value] of role.tags) context.set(`aws:ResourceTag/${key}`, value)
  const checked = { context: context.build(), resourcePolicy: compilePolicy(role.trustPolicy, 'trust', `${role.arn}/trust`) }
  await authorizer.require(caller, permissions, { ...request, resource: role.arn, ...checked })
  if (tags.all.length > 0) await authorizer.require(caller, permissions, { action: 'sts:TagSession', resource: role.arn, ...checked })
  if (sourceIdentity !== undefined) await authorizer.require(caller, permissions, { action: 'sts:SetSourceIdentity', resource: role.arn, ...checked })

  const duration = input.durationSeconds ?? DEFAULT_DURATION
  if (duration > role.maxSessionDuration) {
    throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  // Temporary credentials of any kind (a role session, GetSessionToken) make this a chain.
  if (caller.temporary && duration > CHAINED_MAX_DURATION) {
    throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
  }
  const packedPolicySize = await checkSessionPolicies({ policy: input.policy, policyArns: input.policyArns, tags: tags.all }, authorizer.source)

  const credentials = issueCredentials({
    kind: 'assumed-role',
    accountId: role.accountId,
    role: { id: role.id, name: role.name, path: role.path },
    sessionName: input.roleSessionName,
    ...(sourceIdentity !== undefined && { sourceIdentity }),
    tags: tags.all,
    transitiveTagKeys: tags.transitiveTagKeys,
    ...(input.policy !== undefined && { sessionPolicy: input.policy }),
    sessionPolicyArns: input.policyArns,
    ...(mfaAuthenticatedAt && { mfaAuthenticatedAt: mfaAuthenticatedAt.getTime() }),
  }, call.now, duration, await deps.sessionKey())
  // Signed, so the region is the one its credential scope names.
  await deps.roleUsed(role.id, call.region!, call.now)
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.roleSessionName}`, Arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${input.roleSessionName}` },
    PackedPolicySize: packedPolicySize,
    SourceIdentity: sourceIdentity,
  }
}

/** The role session this call chains from, whose transitive tags and source identity carry over. */
function inheritedFrom(caller: Caller): SessionFacts | undefined {
  return caller.session?.kind === 'assumed-role' ? caller.session : undefined
}

/**
 * The new session's tags: the calling session's transitive tags, which the request may not set
 * again (IAM "Chaining roles with session tags"), then the request's. Transitive keys must name
 * tags of the request.
 */
function sessionTagsOf(input: AssumeRoleInput, inherited: SessionFacts | undefined) {
  const inheritedKeys = new Set((inherited?.transitiveTagKeys ?? []).map((key) => key.toLowerCase()))
  const inheritedTags = (inherited?.tags ?? []).filter(([key]) => inheritedKeys.has(key.toLowerCase()))
  const requestKeys = new Set(input.tags.map(([key]) => key.toLowerCase()))
  for (const [key] of input.tags) {
    if (inheritedKeys.has(key.toLowerCase())) {
      throw new ServiceError('InvalidParameterValue', `The session tag ${key} is transitive in the calling session and cannot be set again.`)
    }
  }
  for (const key of input.transitiveTagKeys) {
    if (!requestKeys.has(key.toLowerCase())) throw new ServiceError('InvalidParameterValue', `The transitive tag key ${key} is not a session tag of this request.`)
  }
  const all = [...inheritedTags, ...input.tags]
  if (all.length > 50) throw validationError([{ value: undefined, member: 'tags', constraint: 'have length less than or equal to 50' }])
  const transitive = [...inheritedTags.map(([key]) => key), ...input.transitiveTagKeys]
  return { all, transitiveTagKeys: [...new Map(transitive.map((key) => [key.toLowerCase(), key])).values()] }
}

/** A source identity, once set, persists through the chain and cannot be changed (IAM "Monitor and control actions taken with assumed roles"). */
function sourceIdentityOf(input: AssumeRoleInput, inherited: SessionFacts | undefined): string | undefined {
  const existing = inherited?.sourceIdentity
  if (existing !== undefined && input.sourceIdentity !== undefined && input.sourceIdentity !== existing) {
    throw new ServiceError('AccessDenied', 'The source identity of a role session cannot be changed once set.')
  }
  return existing ?? input.sourceIdentity
}
