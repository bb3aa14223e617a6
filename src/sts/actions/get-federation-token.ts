import type { QueryParams } from '../../protocol/query-params.ts'
import { checkAll } from '../../protocol/validation-error.ts'
import type { ActionDefinition, CallContext } from '../action.ts'
import { callerContext } from '../caller-context.ts'
import { auditedCredentials, issueCredentials, type IssuedCredentials } from '../issue-credentials.ts'
import type { IssuingDeps } from '../issuing-deps.ts'
import { durationSeconds, optionalString, policyArns, requiredString, RULES, sessionTags } from '../session-parameters.ts'
import { checkSessionPolicies } from '../session-policy-input.ts'
import { longTermDuration } from './long-term-duration.ts'

export interface GetFederationTokenInput {
  readonly name: string
  readonly durationSeconds: number | undefined
  readonly policy: string | undefined
  readonly policyArns: readonly string[]
  readonly tags: ReadonlyArray<readonly [string, string]>
}

export interface GetFederationTokenResult {
  readonly Credentials: IssuedCredentials
  readonly FederatedUser: { readonly FederatedUserId: string; readonly Arn: string }
  readonly PackedPolicySize: number | undefined
}

/**
 * GetFederationToken (sts-wire.md §5.6): a federated-user session whose permissions are the
 * intersection of the calling user's and the passed session policies; none passed, none granted.
 * Needs sts:GetFederationToken (and sts:TagSession for tags) on the federated-user ARN.
 * Temporary credentials are refused; its own call only GetCallerIdentity (caller-restrictions.ts).
 */
export function getFederationToken(deps: Pick<IssuingDeps, 'authorizer' | 'sessionKey'>): ActionDefinition<GetFederationTokenInput, GetFederationTokenResult> {
  return {
    name: 'GetFederationToken',
    version: '2011-06-15',
    signed: true,
    parameters: ['Name', 'DurationSeconds', 'Policy', 'PolicyArns', 'Tags'],
    parse: (params: QueryParams) => checkAll({
      name: () => requiredString(params, 'Name', RULES.federatedName),
      durationSeconds: () => durationSeconds(params, 900, 129600),
      policy: () => optionalString(params, 'Policy', RULES.policy),
      policyArns: () => policyArns(params),
      tags: () => sessionTags(params),
    }),
    handle: (input, call) => handle(input, call, deps),
    auditResponse: (result) => ({
      credentials: auditedCredentials(result.Credentials),
      federatedUser: { federatedUserId: result.FederatedUser.FederatedUserId, arn: result.FederatedUser.Arn },
    }),
  }
}

async function handle(input: GetFederationTokenInput, call: CallContext, deps: Pick<IssuingDeps, 'authorizer' | 'sessionKey'>): Promise<GetFederationTokenResult> {
  const caller = call.caller!
  const arn = `arn:aws:sts::${caller.accountId}:federated-user/${input.name}`
  const permissions = await deps.authorizer.permissions(caller)
  const context = callerContext(caller, call, permissions).requestTags(new Map(input.tags)).build()
  await deps.authorizer.require(caller, permissions, { action: 'sts:GetFederationToken', resource: arn, context })
  if (input.tags.length > 0) await deps.authorizer.require(caller, permissions, { action: 'sts:TagSession', resource: arn, context })
  const packedPolicySize = await checkSessionPolicies(input, deps.authorizer.source)
  const credentials = issueCredentials({
    kind: 'federated-user',
    accountId: caller.accountId,
    sessionName: input.name,
    ...(caller.user && { user: caller.user }),
    tags: input.tags,
    transitiveTagKeys: [],
    ...(input.policy !== undefined && { sessionPolicy: input.policy }),
    sessionPolicyArns: input.policyArns,
  }, call.now, longTermDuration(input.durationSeconds, caller), await deps.sessionKey())
  return { Credentials: credentials, FederatedUser: { FederatedUserId: `${caller.accountId}:${input.name}`, Arn: arn }, PackedPolicySize: packedPolicySize }
}
