import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { envelopeKeyId, openEnvelope, sealEnvelope, type SealingKey } from '../credentials/sealed-envelope.ts'
import type { Decision, RequestContext } from '../policy/index.ts'
import type { Caller } from './caller.ts'

/** What a denied request was, for its encoded message. */
export interface DeniedRequest {
  readonly caller: Caller
  readonly action: string
  readonly resource: string
  readonly context: RequestContext
  readonly decision: Decision
}

export interface MessageKeys {
  active(): Promise<SealingKey>
  find(id: string): Promise<SealingKey | undefined>
}

/** EncodedMessage's model limit (sts-wire.md §5.9). */
export const MAX_ENCODED_MESSAGE_LENGTH = 10_240

const items = <T>(list: readonly T[]) => ({ items: list })

/**
 * The decoded form AWS returns from DecodeAuthorizationMessage (sts-wire.md §5.9): every list
 * wrapped as `{"items": […]}`, every scalar as `{"value": …}`. stsgate adds `policyId` to each
 * matched statement, so the reader knows which policy it came from. Condition keys are the ones
 * the policies looked at, lower-cased as the engine compares them.
 */
export function authorizationDetail(denied: DeniedRequest, valueLimit?: number): Record<string, unknown> {
  const { caller, decision } = denied
  return {
    allowed: decision.outcome === 'allowed',
    explicitDeny: decision.outcome === 'explicitDeny',
    matchedStatements: items(decision.matched.map((statement) => ({
      statementId: statement.statement,
      policyId: statement.policyId,
      effect: statement.effect.toUpperCase(),
      principals: items([{ value: caller.userId }]),
      principalGroups: items([]),
      actions: items([{ value: denied.action }]),
      resources: items([{ value: denied.resource }]),
      conditions: items([]),
    }))),
    failures: items([]),
    context: {
      principal: { id: caller.userId, arn: caller.arn },
      action: denied.action,
      resource: denied.resource,
      conditions: items(decision.evaluatedKeys.map((key) => ({ key, values: items(contextValues(denied.context, key, valueLimit)) }))),
    },
  }
}

/** A key's values; with a limit, at most that many, each cut to that many characters, and marked. */
function contextValues(context: RequestContext, key: string, limit: number | undefined): Array<{ value: string; truncated?: true }> {
  const values = context.values(key) ?? []
  if (limit === undefined) return values.map((value) => ({ value }))
  const kept = values.slice(0, limit).map((value) => (value.length > limit ? { value: value.slice(0, limit), truncated: true as const } : { value }))
  return values.length > limit ? [...kept, { value: `(${values.length - limit} more)`, truncated: true }] : kept
}

// Shorter and shorter value lists until the message fits EncodedMessage's limit, so every message
// stsgate hands out can be decoded.
const VALUE_LIMITS = [undefined, 16, 4, 0] as const

/**
 * Encodes the detail of a denial so only the caller's account can read it: sealed with the
 * authorization-message key (the account id as authenticated data), base64url.
 */
export async function encodeAuthorizationMessage(denied: DeniedRequest, keys: MessageKeys): Promise<string> {
  const key = await keys.active()
  let encoded = ''
  for (const limit of VALUE_LIMITS) {
    encoded = sealEnvelope(deflateRawSync(JSON.stringify(authorizationDetail(denied, limit))), denied.caller.accountId, key).toString('base64url')
    if (encoded.length <= MAX_ENCODED_MESSAGE_LENGTH) break
  }
  return encoded
}

/** The decoded JSON text, or undefined when the message is garbage, foreign or of another account. */
export async function decodeAuthorizationMessage(encoded: string, accountId: string, keys: MessageKeys): Promise<string | undefined> {
  if (encoded.length > MAX_ENCODED_MESSAGE_LENGTH || !/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined
  const envelope = Buffer.from(encoded, 'base64url')
  if (envelope.toString('base64url') !== encoded) return undefined
  const keyId = envelopeKeyId(envelope)
  const key = keyId === undefined ? undefined : await keys.find(keyId)
  const plain = key && openEnvelope(envelope, accountId, key)
  return plain && inflateRawSync(plain, { maxOutputLength: 1 << 20 }).toString('utf8')
}
