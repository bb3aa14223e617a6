import { ServiceError } from '../../errors.ts'
import type { QueryParams } from '../../protocol/query-params.ts'
import type { ActionDefinition } from '../action.ts'
import { decodeAuthorizationMessage as decode, MAX_ENCODED_MESSAGE_LENGTH, type MessageKeys } from '../authorization-message.ts'
import { callerContext } from '../caller-context.ts'
import { requiredString } from '../session-parameters.ts'
import type { StsAuthorizer } from '../sts-authorizer.ts'

export interface DecodeAuthorizationMessageDeps {
  readonly authorizer: StsAuthorizer
  readonly messageKeys: MessageKeys
}

/**
 * DecodeAuthorizationMessage (sts-wire.md §5.9): the JSON detail of one of stsgate's AccessDenied
 * messages. Needs sts:DecodeAuthorizationMessage. A message that stsgate did not encode for the
 * caller's account is InvalidAuthorizationMessageException, whatever is wrong with it.
 */
export function decodeAuthorizationMessage(deps: DecodeAuthorizationMessageDeps): ActionDefinition<{ encodedMessage: string }, { DecodedMessage: string }> {
  return {
    name: 'DecodeAuthorizationMessage',
    version: '2011-06-15',
    signed: true,
    parameters: ['EncodedMessage'],
    parse: (params: QueryParams) => ({ encodedMessage: requiredString(params, 'EncodedMessage', { min: 1, max: MAX_ENCODED_MESSAGE_LENGTH }) }),
    handle: async ({ encodedMessage }, call) => {
      const caller = call.caller!
      const permissions = await deps.authorizer.permissions(caller)
      const context = callerContext(caller, call, permissions).build()
      await deps.authorizer.require(caller, permissions, { action: 'sts:DecodeAuthorizationMessage', resource: '*', context })
      const decoded = await decode(encodedMessage, caller.accountId, deps.messageKeys)
      if (decoded === undefined) throw new ServiceError('InvalidAuthorizationMessageException', 'The encoded authorization message is not valid.')
      return { DecodedMessage: decoded }
    },
  }
}
