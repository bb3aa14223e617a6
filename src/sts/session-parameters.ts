import { ServiceError } from '../errors.ts'
import type { QueryParams } from '../protocol/query-params.ts'
import { checkString, optionalString, type StringRule } from '../protocol/string-parameters.ts'
import { checkAll, validationError, type ConstraintViolation } from '../protocol/validation-error.ts'

// The STS model's constraints on the parameters the credential-issuing actions share
// (sts-wire.md §4). SDKs check little of this (botocore: required and min only), so the server does.

const fail = (violation: ConstraintViolation) => validationError([violation])

const NAME_PATTERN = ['[\\w+=,.@-]*', /^[\w+=,.@-]*$/] as const
const ARN_PATTERN = ['[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
  /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u] as const
const POLICY_PATTERN = ['[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', /^[\u0009\u000A\u000D\u0020-\u00FF]+$/] as const
const TAG_KEY_PATTERN = ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u] as const
const TAG_VALUE_PATTERN = ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u] as const

export { checkString, optionalString, requiredString } from '../protocol/string-parameters.ts'

export const RULES = {
  roleArn: { min: 20, max: 2048, pattern: ARN_PATTERN },
  roleSessionName: { min: 2, max: 64, pattern: NAME_PATTERN },
  federatedName: { min: 2, max: 32, pattern: NAME_PATTERN },
  sourceIdentity: { min: 2, max: 64, pattern: NAME_PATTERN },
  externalId: { min: 2, max: 1224, pattern: ['[\\w+=,.@:\\/-]*', /^[\w+=,.@:/-]*$/] },
  serialNumber: { min: 9, max: 256, pattern: ['[\\w+=/:,.@-]*', /^[\w+=/:,.@-]*$/] },
  tokenCode: { min: 6, max: 6, pattern: ['[\\d]*', /^\d*$/] },
  // Plaintext session policies are limited to 2048 characters (sts-wire.md §6.3).
  policy: { min: 1, max: 2048, pattern: POLICY_PATTERN },
  policyArn: { min: 20, max: 2048, pattern: ARN_PATTERN },
  tagKey: { min: 1, max: 128, pattern: TAG_KEY_PATTERN },
  tagValue: { min: 0, max: 256, pattern: TAG_VALUE_PATTERN },
} as const satisfies Record<string, StringRule>

/** DurationSeconds within the action's model range (the role's own maximum is the handler's check). */
export function durationSeconds(params: QueryParams, min: number, max: number): number | undefined {
  const text = params.get('DurationSeconds')
  if (text === undefined) return undefined
  if (!/^-?\d{1,12}$/.test(text)) throw new ServiceError('ValidationError', `Value '${text}' for parameter DurationSeconds is invalid. It must be an integer.`)
  const value = Number(text)
  if (value < min) throw fail({ value: text, member: 'durationSeconds', constraint: `have value greater than or equal to ${min}` })
  if (value > max) throw fail({ value: text, member: 'durationSeconds', constraint: `have value less than or equal to ${max}` })
  return value
}

/** `PolicyArns.member.N.arn`, at most 10 (IAM quotas: managed session policies per session). */
export function policyArns(params: QueryParams): string[] {
  const members = params.structList('PolicyArns', ['arn']) ?? []
  if (members.length > 10) throw fail({ value: undefined, member: 'policyArns', constraint: 'have length less than or equal to 10' })
  return members.map((member, index) => {
    const arn = member.arn
    if (arn === undefined) throw fail({ value: undefined, member: `policyArns.${index + 1}.member.arn`, constraint: 'not be null' })
    return checkString(arn, `policyArns.${index + 1}.member.arn`, RULES.policyArn)
  })
}

/**
 * `Tags.member.N.Key/Value`: at most 50; keys differing only in case are one key, so refused
 * (IAM "Tagging STS sessions": tag keys are case-insensitive).
 */
export function sessionTags(params: QueryParams): Array<readonly [string, string]> {
  const members = params.structList('Tags', ['Key', 'Value']) ?? []
  if (members.length > 50) throw fail({ value: undefined, member: 'tags', constraint: 'have length less than or equal to 50' })
  const seen = new Set<string>()
  return members.map((member, index) => {
    const at = `tags.${index + 1}.member`
    if (member.Key === undefined) throw fail({ value: undefined, member: `${at}.key`, constraint: 'not be null' })
    if (member.Value === undefined) throw fail({ value: undefined, member: `${at}.value`, constraint: 'not be null' })
    const key = checkString(member.Key, `${at}.key`, RULES.tagKey)
    const value = checkString(member.Value, `${at}.value`, RULES.tagValue)
    if (seen.has(key.toLowerCase())) throw duplicateTagKeys()
    seen.add(key.toLowerCase())
    return [key, value] as const
  })
}

export const duplicateTagKeys = () =>
  new ServiceError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.')

/** `TransitiveTagKeys.member.N`: at most 50, each a tag key. */
export function transitiveTagKeys(params: QueryParams): string[] {
  const keys = params.list('TransitiveTagKeys') ?? []
  if (keys.length > 50) throw fail({ value: undefined, member: 'transitiveTagKeys', constraint: 'have length less than or equal to 50' })
  return keys.map((key, index) => checkString(key, `transitiveTagKeys.${index + 1}.member`, RULES.tagKey))
}

/** SerialNumber and TokenCode, checked against the model; pairing them is the MFA check's job. */
export function mfaParameters(params: QueryParams): { serialNumber?: string; tokenCode?: string } {
  const { serialNumber, tokenCode } = checkAll({
    serialNumber: () => optionalString(params, 'SerialNumber', RULES.serialNumber),
    tokenCode: () => optionalString(params, 'TokenCode', RULES.tokenCode),
  })
  return { ...(serialNumber !== undefined && { serialNumber }), ...(tokenCode !== undefined && { tokenCode }) }
}
