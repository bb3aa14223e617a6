import type { QueryParams } from '../../protocol/query-params.ts'
import { checkAll } from '../../protocol/validation-error.ts'
import type { ActionDefinition, CallContext } from '../action.ts'
import { auditedCredentials, issueCredentials, type IssuedCredentials } from '../issue-credentials.ts'
import type { IssuingDeps } from '../issuing-deps.ts'
import { verifyMfa } from '../mfa-check.ts'
import { durationSeconds, mfaParameters } from '../session-parameters.ts'
import { longTermDuration } from './long-term-duration.ts'

export interface GetSessionTokenInput {
  readonly durationSeconds: number | undefined
  readonly serialNumber?: string
  readonly tokenCode?: string
}

export interface GetSessionTokenResult {
  readonly Credentials: IssuedCredentials
}

/**
 * GetSessionToken (sts-wire.md §5.5): temporary credentials for an IAM user or the root user,
 * optionally MFA-authenticated. Needs no permission. Temporary credentials are refused, and the
 * credentials it issues may call only AssumeRole and GetCallerIdentity (caller-restrictions.ts).
 */
export function getSessionToken(deps: Pick<IssuingDeps, 'mfaDevices' | 'sessionKey'>): ActionDefinition<GetSessionTokenInput, GetSessionTokenResult> {
  return {
    name: 'GetSessionToken',
    version: '2011-06-15',
    signed: true,
    parameters: ['DurationSeconds', 'SerialNumber', 'TokenCode'],
    parse: (params: QueryParams) => {
      const { mfa, ...input } = checkAll({ durationSeconds: () => durationSeconds(params, 900, 129600), mfa: () => mfaParameters(params) })
      return { ...input, ...mfa }
    },
    handle: (input, call) => handle(input, call, deps),
    auditResponse: (result) => ({ credentials: auditedCredentials(result.Credentials) }),
  }
}

async function handle(input: GetSessionTokenInput, call: CallContext, deps: Pick<IssuingDeps, 'mfaDevices' | 'sessionKey'>): Promise<GetSessionTokenResult> {
  const caller = call.caller!
  const mfaAuthenticatedAt = await verifyMfa(input, { accountId: caller.accountId, userId: caller.user?.id }, deps.mfaDevices, call.now)
  const credentials = issueCredentials({
    kind: 'session-token',
    accountId: caller.accountId,
    ...(caller.user && { user: caller.user }),
    tags: [],
    transitiveTagKeys: [],
    sessionPolicyArns: [],
    ...(mfaAuthenticatedAt && { mfaAuthenticatedAt: mfaAuthenticatedAt.getTime() }),
  }, call.now, longTermDuration(input.durationSeconds, caller), await deps.sessionKey())
  return { Credentials: credentials }
}
