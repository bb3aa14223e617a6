import { accountIdOfAccessKeyId } from '../../credentials/access-key-id.ts'
import { ServiceError } from '../../errors.ts'
import type { QueryParams } from '../../protocol/query-params.ts'
import { validationError } from '../../protocol/validation-error.ts'
import type { ActionDefinition } from '../action.ts'
import { callerContext } from '../caller-context.ts'
import type { StsAuthorizer } from '../sts-authorizer.ts'

export interface GetAccessKeyInfoDeps {
  /** The account of a stored key whose id encodes none (old-generation ids such as AKIAIOSFODNN7EXAMPLE). */
  readonly accountOfStoredKey: (accessKeyId: string) => Promise<string | undefined>
  readonly authorizer: StsAuthorizer
}

const invalid = (value: string | undefined, constraint: string) =>
  validationError([{ value, member: 'accessKeyId', constraint }])

/** Parses AccessKeyId as the STS model constrains it: 16..128 characters of `[\w]`. */
function parseAccessKeyId(params: QueryParams): string {
  const value = params.get('AccessKeyId')
  if (value === undefined) throw invalid(undefined, 'not be null')
  if (value.length < 16) throw invalid(value, 'have length greater than or equal to 16')
  if (value.length > 128) throw invalid(value, 'have length less than or equal to 128')
  if (!/^\w*$/.test(value)) throw invalid(value, 'satisfy regular expression pattern: [\\w]*')
  return value
}

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
    parse: (params) => ({ accessKeyId: parseAccessKeyId(params) }),
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
