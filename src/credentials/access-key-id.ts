import { randomBytes } from 'node:crypto'
import { base32Decode, base32Encode } from './base32.ts'

export type AccessKeyPrefix = 'AKIA' | 'ASIA'

export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z2-7]{16}$/

/**
 * A new access key id that encodes its account the way AWS's current keys do, so
 * GetAccessKeyInfo needs no lookup: after the prefix, 10 base32-coded bytes whose first 48 bits
 * are `1 | account (40 bits) | 7 random bits`, then 4 random bytes.
 * (Reverse-engineered public research; see ../shared/reference/sts-wire.md §3.1.)
 */
export function generateAccessKeyId(prefix: AccessKeyPrefix, accountId: string): string {
  const z = (1n << 47n) | (BigInt(accountId) << 7n) | BigInt(randomBytes(1)[0]! & 0x7f)
  const bytes = Buffer.alloc(10)
  bytes.writeUIntBE(Number(z), 0, 6)
  randomBytes(4).copy(bytes, 6)
  return prefix + base32Encode(bytes)
}

/**
 * The account a new-generation key id encodes; undefined for old-generation ids (top bit clear,
 * e.g. AKIAIOSFODNN7EXAMPLE), which carry no account.
 */
export function accountIdOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return undefined
  const bytes = base32Decode(accessKeyId.slice(4))
  if (!bytes || bytes.length < 6) return undefined
  const z = BigInt(bytes.readUIntBE(0, 6))
  if ((z >> 47n) === 0n) return undefined
  return ((z & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0')
}

/** 40 characters from the base64 alphabet, as AWS secret access keys. */
export function generateSecretAccessKey(): string {
  return randomBytes(30).toString('base64')
}
