import type { QueryParams } from './query-params.ts'
import { validationError, type ConstraintViolation } from './validation-error.ts'

// String parameters checked against an AWS model's constraints (length, pattern), every failed
// constraint reported in AWS's ValidationError words. STS and IAM rules are both made of these.

const fail = (violation: ConstraintViolation) => validationError([violation])

export interface StringRule {
  readonly min: number
  readonly max: number
  /** The model's pattern as AWS quotes it in messages, and its JavaScript equivalent. */
  readonly pattern?: readonly [string, RegExp]
}

/** The constraints of `rule` that `value` fails, in AWS's words (after `Member must`); empty when it fits. */
export function failedConstraints(value: string, rule: StringRule): string[] {
  // AWS counts characters as code points.
  const length = [...value].length
  return [
    ...(length < rule.min ? [`have length greater than or equal to ${rule.min}`] : []),
    ...(length > rule.max ? [`have length less than or equal to ${rule.max}`] : []),
    ...(rule.pattern && !rule.pattern[1].test(value) ? [`satisfy regular expression pattern: ${rule.pattern[0]}`] : []),
  ]
}

/** A string checked against a rule, every failed constraint reported; `member` is AWS's lower-camel member path. */
export function checkString(value: string, member: string, rule: StringRule, omitValue = false): string {
  const [first, ...rest] = failedConstraints(value, rule).map((constraint) => ({ value, member, constraint, omitValue }))
  if (first) throw validationError([first, ...rest])
  return value
}

export function requiredString(params: QueryParams, name: string, rule: StringRule): string {
  const value = params.get(name)
  if (value === undefined) throw fail({ value, member: camel(name), constraint: 'not be null' })
  return checkString(value, camel(name), rule)
}

export function optionalString(params: QueryParams, name: string, rule: StringRule): string | undefined {
  const value = params.get(name)
  return value === undefined ? undefined : checkString(value, camel(name), rule)
}

/**
 * A string parameter whose value AWS leaves out of ValidationError messages: a SAML metadata
 * document can be megabytes long; a private key, a web identity token or a SAML assertion is a
 * secret.
 */
export function unechoedString(params: QueryParams, name: string, rule: StringRule, required: boolean): string | undefined {
  const value = params.get(name)
  const member = camel(name)
  if (value === undefined) {
    if (required) throw validationError([{ value, member, constraint: 'not be null' }])
    return undefined
  }
  return checkString(value, member, rule, true)
}

/** `RoleSessionName` -> `roleSessionName`: how AWS names members in validation messages. */
export const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1)
