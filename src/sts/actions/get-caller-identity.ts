import type { ActionDefinition } from '../action.ts'

export interface GetCallerIdentityResult {
  readonly UserId: string
  readonly Account: string
  readonly Arn: string
}

/**
 * GetCallerIdentity: who signed the request. Needs no permission: "No permissions are required to
 * perform this operation" (STS API Reference, GetCallerIdentity), even when a policy denies it.
 */
export const getCallerIdentity: ActionDefinition<Record<string, never>, GetCallerIdentityResult> = {
  name: 'GetCallerIdentity',
  version: '2011-06-15',
  signed: true,
  parameters: [],
  parse: () => ({}),
  handle: async (_input, call) => {
    const caller = call.caller!
    return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }
  },
}
