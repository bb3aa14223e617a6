import { timingSafeEqual } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { sameSignature } from '../../../src/credentials/sigv4/verify-request.ts'

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>()
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) }
})

describe('signature comparison', () => {
  it('is constant-time: crypto.timingSafeEqual decides every equal-length comparison', () => {
    expect(sameSignature('a'.repeat(64), 'a'.repeat(64))).toBe(true)
    expect(sameSignature('a'.repeat(64), `${'a'.repeat(63)}b`)).toBe(false)
    expect(vi.mocked(timingSafeEqual)).toHaveBeenCalledTimes(2)
    // Lengths are public (a SigV4 signature is always 64 hex digits): a short one fails before.
    expect(sameSignature('a'.repeat(64), 'a')).toBe(false)
  })
})
