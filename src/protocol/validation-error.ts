import { ServiceError } from '../errors.ts'

/** One failed constraint: the value (undefined when missing), its member path, what it must satisfy. */
export interface ConstraintViolation {
  readonly value: string | undefined
  /** AWS names members in lower camel case: `roleSessionName`, `tags.1.member.key`. */
  readonly member: string
  /** The sentence after `Member must`, e.g. `have length less than or equal to 64`. */
  readonly constraint: string
}

/**
 * AWS's ValidationError text, observed on STS (sts-wire.md §1.5):
 * `1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint:
 * Member must have length less than or equal to 64`; several are joined with `; `, a missing
 * value reads `Value null at 'roleArn'`.
 */
export function validationError(violations: readonly [ConstraintViolation, ...ConstraintViolation[]]): ServiceError {
  const count = violations.length
  const details = violations.map(({ value, member, constraint }) =>
    `Value ${value === undefined ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: Member must ${constraint}`)
  return new ServiceError('ValidationError', `${count} validation error${count === 1 ? '' : 's'} detected: ${details.join('; ')}`)
}
