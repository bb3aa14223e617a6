import { describe, expect, it } from 'vitest'
import {
  accountIdOfAccessKeyId, ACCESS_KEY_ID_PATTERN, generateAccessKeyId, generateSecretAccessKey,
} from '../../../src/credentials/access-key-id.ts'
import { base32Decode, base32Encode } from '../../../src/credentials/base32.ts'
import { generateUniqueId } from '../../../src/credentials/unique-id.ts'

describe('access key ids', () => {
  it("decodes the account from AWS's published example key", () => {
    expect(accountIdOfAccessKeyId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308')
  })

  it('carries no account in old-generation ids', () => {
    expect(accountIdOfAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBeUndefined()
    expect(accountIdOfAccessKeyId('not-a-key')).toBeUndefined()
  })

  it.each(['000000000000', '000000000001', '123456789012', '999999999999'])(
    'encodes account %s in AKIA and ASIA ids of 20 characters',
    (account) => {
      for (const prefix of ['AKIA', 'ASIA'] as const) {
        const id = generateAccessKeyId(prefix, account)
        expect(id).toMatch(ACCESS_KEY_ID_PATTERN)
        expect(id.startsWith(prefix)).toBe(true)
        expect(accountIdOfAccessKeyId(id)).toBe(account)
      }
    },
  )

  it('is random beyond the account', () => {
    const ids = new Set(Array.from({ length: 200 }, () => generateAccessKeyId('AKIA', '123456789012')))
    expect(ids.size).toBe(200)
  })

  it('makes 40-character secrets from the base64 alphabet', () => {
    expect(generateSecretAccessKey()).toMatch(/^[A-Za-z0-9+/]{40}$/)
  })

  it('makes 21-character IAM unique ids with the given prefix', () => {
    expect(generateUniqueId('AROA')).toMatch(/^AROA[A-Z2-7]{17}$/)
  })
})

describe('base32', () => {
  it('round-trips and matches RFC 4648 test vectors (without padding)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Encode(Buffer.from('f'))).toBe('MY')
    expect(base32Decode('MZXW6YTBOI')?.toString()).toBe('foobar')
    expect(base32Decode('MZXW1')).toBeUndefined()
  })
})
