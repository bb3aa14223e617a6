import { accountIdOfAccessKeyId } from '../../credentials/access-key-id.ts'
import { ServiceError } from '../../errors.ts'
import type { ActionDefinition } from '../action.ts'
import { callerContext } from '../caller-context.ts'
import { requiredString } from '../session-parameters.ts'
import type { StsAuthorizer } from '../sts-authorizer.ts'

export interface GetAccessKeyInfoDeps {
  /** The account of a stored key whose id encodes none (old-generation ids such as AKIAIOSFODNN7EXAMPLE). */
  readonly accountOfStoredKey: (accessKeyId: string) => Promise<string | undefined>
  readonly authorizer: StsAuthorizer
}

/** AccessKeyId as the STS model constrains it (sts-wire.md §5.8). */
const ACCESS_KEY_ID_RULE = { min: 16, max: 128, pattern: ['[\\w]*', /^\w*$/] } as const

/**
 * GetAccessKeyInfo: the account an access key belongs to. Keys stsgate issues encode their
 * account, so no lookup is needed (reference: sts-wire.md §3.1); older-style ids are looked up.
 * Needs sts:GetAccessKeyInfo; like AWS, a caller allowed it may ask about any key.
 */
export function getAccessKeyInfo(deps: GetAccessKeyInfoDeps): ActionDefinition<{ accessKeyId: string }, { Account: string }> {
  return {
    name: 'GetAccessKeyInfo',
    version: '2011-06-15',
    signed: true,
    parameters: ['AccessKeyId'],
    parse: (params) => ({ accessKeyId: requiredString(params, 'AccessKeyId', ACCESS_KEY_ID_RULE) }),
    handle: async ({ accessKeyId }, call) => {
      const caller = call.caller!
      const permissions = await deps.authorizer.permissions(caller)
      const context = callerContext(caller, call, permissions).build()
      await deps.authorizer.require(caller, permissions, { action: 'sts:GetAccessKeyInfo', resource: '*', context })
      const account = accountIdOfAccessKeyId(accessKeyId) ?? (await deps.accountOfStoredKey(accessKeyId))
      if (account === undefined) throw new ServiceError('InvalidParameterValue', `The access key ID ${accessKeyId} is not known to this service.`)
      return { Account: account }
    },
  }
}
