import { randomBytes } from 'node:crypto'
import { base32Encode } from './base32.ts'

/** IAM unique-id prefixes (reference_identifiers): user, role, managed policy. */
export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'ANPA'

/** A 21-character IAM unique id such as `AIDAJQABLZS4A3QDU576Q`. */
export function generateUniqueId(prefix: UniqueIdPrefix): string {
  return prefix + base32Encode(randomBytes(11)).slice(0, 17)
}
