import { ServiceError } from '../errors.ts'
import type { QueryParams } from '../protocol/query-params.ts'
import { camel, checkString, optionalString, requiredString, type StringRule } from '../protocol/string-parameters.ts'
import { validationError } from '../protocol/validation-error.ts'

// The IAM model's constraints on the parameters its actions share (IAM API Reference, "Data
// Types" and each action's "Request Parameters"). SDKs check little of this, so the server does.

const NAME = ['[\\w+=,.@-]+', /^[\w+=,.@-]+$/] as const
const ARN_PATTERN = ['[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u] as const
const POLICY_TEXT = ['[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', /^[\u0009\u000A\u000D\u0020-\u00FF]+$/] as const

export const IAM_RULES = {
  userName: { min: 1, max: 64, pattern: NAME },
  /** Names of existing users (GetUser, DeleteUser…) may be up to 128, as the model says. */
  existingUserName: { min: 1, max: 128, pattern: NAME },
  roleName: { min: 1, max: 64, pattern: NAME },
  policyName: { min: 1, max: 128, pattern: NAME },
  mfaDeviceName: { min: 1, max: 226, pattern: NAME },
  path: { min: 1, max: 512, pattern: ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', /^(\/|\/[\u0021-\u007E]+\/)$/] },
  policyPath: { min: 1, max: 512, pattern: ['((/[A-Za-z0-9\\.,\\+@=_-]+)*)/', /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/] },
  pathPrefix: { min: 1, max: 512, pattern: ['\\u002F[\\u0021-\\u007F]*', /^\/[\u0021-\u007F]*$/] },
  policyPathPrefix: { min: 1, max: 512, pattern: ['((/[A-Za-z0-9\\.,\\+@=_-]+)*)/', /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/] },
  marker: { min: 1, max: 320, pattern: ['[\\u0020-\\u00FF]+', /^[\u0020-\u00FF]+$/] },
  arn: { min: 20, max: 2048, pattern: ARN_PATTERN },
  policyDocument: { min: 1, max: 131072, pattern: POLICY_TEXT },
  description: { min: 0, max: 1000, pattern: ['[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*', /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/] },
  accessKeyId: { min: 16, max: 128, pattern: ['[\\w]+', /^\w+$/] },
  serialNumber: { min: 9, max: 256, pattern: ['[\\w+=/:,.@-]+', /^[\w+=/:,.@-]+$/] },
  authenticationCode: { min: 6, max: 6, pattern: ['[\\d]+', /^\d+$/] },
  policyVersionId: { min: 0, max: 2147483647, pattern: ['v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?', /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/] },
  tagKey: { min: 1, max: 128, pattern: ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u] },
  tagValue: { min: 0, max: 256, pattern: ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u] },
} as const satisfies Record<string, StringRule>

export { checkString, optionalString, requiredString }

/** A tag as IAM lists it. */
export interface IamTag { readonly Key: string; readonly Value: string }

/** IAM quotas on tags: 50 per user, role, policy, provider or MFA device. */
export const MAX_TAGS = 50

/** An enum parameter (`Status`, `Scope`…): `Member must satisfy enum value set: [A, B]`. */
export function optionalEnum<const V extends string>(params: QueryParams, name: string, values: readonly V[]): V | undefined {
  const value = params.get(name)
  if (value === undefined) return undefined
  if (!(values as readonly string[]).includes(value)) {
    throw validationError([{ value, member: camel(name), constraint: `satisfy enum value set: [${values.join(', ')}]` }])
  }
  return value as V
}

export function requiredEnum<const V extends string>(params: QueryParams, name: string, values: readonly V[]): V {
  const value = optionalEnum(params, name, values)
  if (value === undefined) throw validationError([{ value, member: camel(name), constraint: 'not be null' }])
  return value
}

/** A boolean parameter (`true`/`false`, as botocore and the SDKs send it). */
export function optionalBoolean(params: QueryParams, name: string): boolean | undefined {
  const value = params.get(name)
  if (value === undefined) return undefined
  if (value !== 'true' && value !== 'false') {
    throw new ServiceError('ValidationError', `Value '${value}' for parameter ${name} is invalid. It must be a boolean (true or false).`)
  }
  return value === 'true'
}

/** An integer parameter within the model's range. */
export function optionalInteger(params: QueryParams, name: string, min: number, max: number): number | undefined {
  const text = params.get(name)
  if (text === undefined) return undefined
  if (!/^-?\d{1,12}$/.test(text)) throw new ServiceError('ValidationError', `Value '${text}' for parameter ${name} is invalid. It must be an integer.`)
  const value = Number(text)
  if (value < min) throw validationError([{ value: text, member: camel(name), constraint: `have value greater than or equal to ${min}` }])
  if (value > max) throw validationError([{ value: text, member: camel(name), constraint: `have value less than or equal to ${max}` }])
  return value
}

/**
 * `Tags.member.N.Key/Value` of an IAM resource: at most 50, keys compared without case. IAM
 * answers duplicate keys with InvalidInput (STS with InvalidParameterValue).
 */
export function iamTags(params: QueryParams, name = 'Tags'): IamTag[] {
  const members = params.structList(name, ['Key', 'Value']) ?? []
  const member = camel(name)
  if (members.length > MAX_TAGS) throw validationError([{ value: undefined, member, constraint: `have length less than or equal to ${MAX_TAGS}` }])
  const seen = new Set<string>()
  return members.map((tag, index) => {
    const at = `${member}.${index + 1}.member`
    if (tag.Key === undefined) throw validationError([{ value: undefined, member: `${at}.key`, constraint: 'not be null' }])
    if (tag.Value === undefined) throw validationError([{ value: undefined, member: `${at}.value`, constraint: 'not be null' }])
    const key = checkString(tag.Key, `${at}.key`, IAM_RULES.tagKey)
    const value = checkString(tag.Value, `${at}.value`, IAM_RULES.tagValue)
    if (seen.has(key.toLowerCase())) throw new ServiceError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.')
    seen.add(key.toLowerCase())
    return { Key: key, Value: value }
  })
}

/** `TagKeys.member.N` of the Untag* actions: 1 to 50 tag keys. */
export function tagKeys(params: QueryParams): string[] {
  const keys = params.list('TagKeys')
  if (keys === undefined) throw validationError([{ value: undefined, member: 'tagKeys', constraint: 'not be null' }])
  if (keys.length > MAX_TAGS) throw validationError([{ value: undefined, member: 'tagKeys', constraint: `have length less than or equal to ${MAX_TAGS}` }])
  return keys.map((key, index) => checkString(key, `tagKeys.${index + 1}.member`, IAM_RULES.tagKey))
}

/**
 * Tags after TagX: existing ones with the same key (case-insensitive) take the new value, new
 * keys are appended. Throws LimitExceeded past 50, in IAM's words for the entity kind.
 */
export function mergeTags(existing: readonly IamTag[], added: readonly IamTag[], quotaName: string): IamTag[] {
  const merged = [...existing]
  for (const tag of added) {
    const at = merged.findIndex((old) => old.Key.toLowerCase() === tag.Key.toLowerCase())
    if (at >= 0) merged[at] = tag
    else merged.push(tag)
  }
  if (merged.length > MAX_TAGS) throw new ServiceError('LimitExceeded', `Cannot exceed quota for ${quotaName}: ${MAX_TAGS}`)
  return merged
}

/** Tags after UntagX: keys compared without case; unknown keys are ignored, as IAM does. */
export function removeTags(existing: readonly IamTag[], keys: readonly string[]): IamTag[] {
  const removed = new Set(keys.map((key) => key.toLowerCase()))
  return existing.filter((tag) => !removed.has(tag.Key.toLowerCase()))
}

/** Tags as a request's condition keys (aws:RequestTag/…, aws:TagKeys) take them. */
export function requestTagMap(tags: readonly IamTag[]): Map<string, string> {
  return new Map(tags.map((tag) => [tag.Key, tag.Value]))
}

/** Stored tags (JSON `[{Key, Value}]`) as IamTags. */
export function storedTags(json: unknown): IamTag[] {
  return Array.isArray(json) ? json.map((tag: IamTag) => ({ Key: tag.Key, Value: tag.Value })) : []
}
