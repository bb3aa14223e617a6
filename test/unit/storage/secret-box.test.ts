import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SecretBox } from '../../../src/storage/secret-box.ts'

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32))

  it('round-trips a secret and never shows it in the sealed form', () => {
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'access-key:AKIAX')
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(sealed).not.toContain('wJalrXUtnFEMI')
    expect(box.open(sealed, 'access-key:AKIAX')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
  })

  it('uses a fresh IV each time', () => {
    expect(box.seal('same', 'c')).not.toBe(box.seal('same', 'c'))
  })

  it('refuses a value moved to another context, another key, or tampered with', () => {
    const sealed = box.seal('secret', 'access-key:A')
    expect(() => box.open(sealed, 'access-key:B')).toThrow()
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'access-key:A')).toThrow()
    const bytes = Buffer.from(sealed.slice(3), 'base64url')
    bytes[bytes.length - 1]! ^= 1
    expect(() => box.open(`v1.${bytes.toString('base64url')}`, 'access-key:A')).toThrow()
    expect(() => box.open('plaintext', 'access-key:A')).toThrow('not a sealed value')
  })

  it('identifies its key by a check value that differs between keys', () => {
    const key = randomBytes(32)
    expect(new SecretBox(key).checkValue()).toBe(new SecretBox(key).checkValue())
    expect(new SecretBox(key).checkValue()).not.toBe(box.checkValue())
    expect(box.checkValue()).not.toContain(key.toString('hex'))
  })
})
