import { ServiceError } from '../errors.ts'

/** One failed constraint: the value (undefined when missing), its member path, what it must satisfy. */
export interface ConstraintViolation {
  readonly value: string | undefined
  /** AWS names members in lower camel case: `roleSessionName`, `tags.1.member.key`. */
  readonly member: string
  /** The sentence after `Member must`, e.g. `have length less than or equal to 64`. */
  readonly constraint: string
  /**
   * AWS leaves some values out of the message (`Value at 'url' failed…`): lists of strings, long
   * documents, IAM's OIDC provider URL.
   */
  readonly omitValue?: boolean
}

/**
 * AWS's ValidationError text, observed on STS (sts-wire.md §1.5):
 * `1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint:
 * Member must have length less than or equal to 64`; several are joined with `; `, a missing
 * value reads `Value null at 'roleArn'`.
 */
export function validationError(violations: readonly [ConstraintViolation, ...ConstraintViolation[]]): ServiceError {
  const count = violations.length
  const details = violations.map(({ value, member, constraint, omitValue }) =>
    `Value ${omitValue ? '' : value === undefined ? 'null ' : `'${value}' `}at '${member}' failed to satisfy constraint: Member must ${constraint}`)
  return remember(new ServiceError('ValidationError', `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`), violations)
}

// The violations behind each ValidationError this module made, so checkAll can join them.
const violationsByError = new WeakMap<ServiceError, readonly ConstraintViolation[]>()

function remember(error: ServiceError, violations: readonly ConstraintViolation[]): ServiceError {
  violationsByError.set(error, violations)
  return error
}

/**
 * Runs every parameter check of an action and reports all constraint failures in one
 * ValidationError, as AWS does (`2 validation errors detected: …; …`). Another error (a
 * well-formed value that breaks a rule, e.g. duplicate tag keys) is thrown only when no
 * constraint failed, the first one found.
 */
export function checkAll<T extends Record<string, unknown>>(checks: { readonly [K in keyof T]: () => T[K] }): T {
  const violations: ConstraintViolation[] = []
  let other: unknown
  const result: Partial<T> = {}
  for (const name of Object.keys(checks) as Array<keyof T>) {
    try {
      result[name] = checks[name]()
    } catch (error) {
      const found = error instanceof ServiceError ? violationsByError.get(error) : undefined
      if (found) violations.push(...found)
      else other ??= error
    }
  }
  if (violations.length > 0) throw validationError(violations as [ConstraintViolation, ...ConstraintViolation[]])
  if (other !== undefined) throw other
  return result as T
}
