import { randomBytes } from 'node:crypto'
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { sealEnvelope, type SealingKey } from '../../../src/credentials/sealed-envelope.ts'
import type { SessionClaims } from '../../../src/credentials/session-claims.ts'
import { sessionCaller } from '../../../src/credentials/session-credential-resolver.ts'
import { MAX_SESSION_TOKEN_LENGTH, openSessionToken, sealSessionToken, sessionTokenKeyId } from '../../../src/credentials/session-token.ts'

const ACCESS_KEY_ID = 'ASIARZPUZDIKFEXAMPLE'
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

const keyOf = (id: string, bytes: Buffer = randomBytes(32)): SealingKey => ({ id, key: bytes })

/** Every optional claim set, with non-ASCII text, so the round trip covers the whole shape. */
const CLAIMS: SessionClaims = {
  kind: 'assumed-role',
  accessKeyId: ACCESS_KEY_ID,
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accountId: '123456789012',
  issuedAt: Date.UTC(2026, 4, 1, 12, 0, 0),
  expiresAt: Date.UTC(2026, 4, 1, 13, 0, 0),
  role: { id: 'AROARZPUZDIKFEXAMPLE', name: 'Deployer', path: '/ci/' },
  sessionName: 'alice@example.com',
  user: { id: 'AIDARZPUZDIKFEXAMPLE', name: 'alice', path: '/engineering/' },
  sourceIdentity: 'alice',
  tags: [['Project', 'Überblick'], ['team', 'platform']],
  transitiveTagKeys: ['Project'],
  sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
  sessionPolicyArns: ['arn:aws:iam::123456789012:policy/ExampleDataReadOnly'],
  mfaAuthenticatedAt: Date.UTC(2026, 4, 1, 11, 59, 30),
}

/** A single base64 character replaced by every other character of the alphabet. */
function* charFlips(token: string, positions: Iterable<number>): Generator<string> {
  for (const i of positions) {
    for (const c of BASE64_ALPHABET) if (c !== token[i]) yield token.slice(0, i) + c + token.slice(i + 1)
  }
}

describe('session tokens', () => {
  it('round-trips every claim and names the sealing key', () => {
    const key = keyOf('session-2026-05')
    const token = sealSessionToken(CLAIMS, key)
    expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(sessionTokenKeyId(token)).toBe('session-2026-05')
    expect(openSessionToken(token, ACCESS_KEY_ID, key)).toEqual(CLAIMS)
  })

  it('round-trips the minimal claims of a root GetSessionToken session', () => {
    const key = keyOf('k1')
    const minimal: SessionClaims = {
      kind: 'session-token', accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'x'.repeat(40), accountId: '123456789012',
      issuedAt: 1, expiresAt: 2, tags: [], transitiveTagKeys: [], sessionPolicyArns: [],
    }
    expect(openSessionToken(sealSessionToken(minimal, key), ACCESS_KEY_ID, key)).toEqual(minimal)
  })

  it('compresses large claims only, and opens both kinds', () => {
    const key = keyOf('k1')
    const small: SessionClaims = { ...CLAIMS, sessionPolicy: undefined, tags: [] }
    const large: SessionClaims = { ...CLAIMS, tags: Array.from({ length: 50 }, (_, i) => [`key-${i}`, 'value '.repeat(20)] as const) }
    const smallToken = sealSessionToken(small, key)
    const largeToken = sealSessionToken(large, key)
    expect(Buffer.from(smallToken, 'base64').length).toBeGreaterThan(JSON.stringify(small).length)
    expect(Buffer.from(largeToken, 'base64').length).toBeLessThan(JSON.stringify(large).length / 2)
    expect(openSessionToken(smallToken, ACCESS_KEY_ID, key)).toEqual(small)
    expect(openSessionToken(largeToken, ACCESS_KEY_ID, key)).toEqual(large)
  })

  it('leaves the secret out of the Caller a token speaks for', () => {
    const caller = sessionCaller(CLAIMS)
    expect(caller.session).toMatchObject({ accessKeyId: ACCESS_KEY_ID, sessionName: CLAIMS.sessionName })
    expect(JSON.stringify(caller)).not.toContain(CLAIMS.secretAccessKey)
  })

  it('seals each token with a fresh IV: the same claims give different tokens', () => {
    const key = keyOf('k1')
    expect(sealSessionToken(CLAIMS, key)).not.toBe(sealSessionToken(CLAIMS, key))
  })

  it('does not open when presented with another access key id', () => {
    const key = keyOf('k1')
    const token = sealSessionToken(CLAIMS, key)
    expect(openSessionToken(token, 'ASIARZPUZDIKFEXAMPLF', key)).toBeUndefined()
    expect(openSessionToken(token, '', key)).toBeUndefined()
    expect(openSessionToken(token, ACCESS_KEY_ID.toLowerCase(), key)).toBeUndefined()
  })

  it('does not trust an envelope whose claims name another access key id than the one it was sealed for', () => {
    const key = keyOf('k1')
    // Sealed directly (not via sealSessionToken) with authenticated data that disagrees with the claims.
    const token = sealEnvelope(
      Buffer.from(JSON.stringify({ ...CLAIMS, accessKeyId: 'ASIAOTHEROTHEROTHERX' })), ACCESS_KEY_ID, key,
    ).toString('base64')
    expect(sessionTokenKeyId(token)).toBe('k1')
    expect(openSessionToken(token, ACCESS_KEY_ID, key)).toBeUndefined()
  })

  it('does not open after any single bit 0 or bit 7 flip of any byte', () => {
    const key = keyOf('k1')
    const bytes = Buffer.from(sealSessionToken(CLAIMS, key), 'base64')
    let tried = 0
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const edited = Buffer.from(bytes)
        edited[i]! ^= mask
        expect(openSessionToken(edited.toString('base64'), ACCESS_KEY_ID, key), `byte ${i} ^ ${mask}`).toBeUndefined()
        tried++
      }
    }
    expect(tried).toBe(bytes.length * 2)
  })

  it('does not open after any single character is replaced', () => {
    const key = keyOf('k1')
    const token = sealSessionToken(CLAIMS, key)
    const positions = Array.from({ length: token.replace(/=+$/, '').length }, (_, i) => i)
    for (const edited of charFlips(token, positions)) expect(openSessionToken(edited, ACCESS_KEY_ID, key)).toBeUndefined()
  })

  it('opens only the canonical base64 spelling: no edited padding bits, no dropped or added characters', () => {
    const key = keyOf('k1')
    // Two in three tokens end in padding; of 30 with random secrets of growing length, one surely does.
    const tokens = Array.from({ length: 30 }, (_, n) => sealSessionToken({ ...CLAIMS, secretAccessKey: randomBytes(n).toString('hex') }, key))
    const padded = tokens.find((t) => t.endsWith('='))!
    const unpadded = tokens.find((t) => !t.endsWith('='))!
    expect(openSessionToken(padded, ACCESS_KEY_ID, key)).toBeDefined()
    // The last data character before `=` has bits base64 decoding ignores: these spell the same bytes.
    const last = padded.replace(/=+$/, '').length - 1
    const sameBytes = [...charFlips(padded, [last]), padded.replace(/=+$/, '')]
      .filter((variant) => Buffer.from(variant, 'base64').equals(Buffer.from(padded, 'base64')))
    expect(sameBytes.length).toBeGreaterThanOrEqual(4)
    for (const variant of [...sameBytes, `${unpadded}A`]) {
      expect(sessionTokenKeyId(variant), variant).toBeUndefined()
      expect(openSessionToken(variant, ACCESS_KEY_ID, key), variant).toBeUndefined()
    }
    // Other bytes altogether: named key, but the envelope does not authenticate.
    for (const variant of [...charFlips(padded, [last]), `${unpadded}AA==`]) expect(openSessionToken(variant, ACCESS_KEY_ID, key), variant).toBeUndefined()
  })

  it('does not open with another key of the same id', () => {
    const token = sealSessionToken(CLAIMS, keyOf('k1'))
    expect(sessionTokenKeyId(token)).toBe('k1')
    expect(openSessionToken(token, ACCESS_KEY_ID, keyOf('k1'))).toBeUndefined()
  })

  it('does not open when the key id in the header is edited, even with the same key bytes under the new id', () => {
    const bytes = randomBytes(32)
    const token = sealSessionToken(CLAIMS, keyOf('k1', bytes))
    const envelope = Buffer.from(token, 'base64')
    expect(envelope.subarray(2, 4).toString('ascii')).toBe('k1')
    envelope[3] = '2'.charCodeAt(0)
    const edited = envelope.toString('base64')
    expect(sessionTokenKeyId(edited)).toBe('k2')
    expect(openSessionToken(edited, ACCESS_KEY_ID, keyOf('k2', bytes))).toBeUndefined()
    expect(openSessionToken(edited, ACCESS_KEY_ID, keyOf('k1', bytes))).toBeUndefined()
  })

  it('keeps opening tokens sealed with a retired key after rotation, and only with that key', () => {
    const old = keyOf('2026-04')
    const current = keyOf('2026-05')
    const before = sealSessionToken(CLAIMS, old)
    const after = sealSessionToken(CLAIMS, current)
    // A resolver picks the key by the id the token names.
    const ring = new Map([[old.id, old], [current.id, current]])
    for (const token of [before, after]) {
      const key = ring.get(sessionTokenKeyId(token)!)!
      expect(openSessionToken(token, ACCESS_KEY_ID, key)).toEqual(CLAIMS)
    }
    expect(sessionTokenKeyId(before)).toBe('2026-04')
    expect(openSessionToken(before, ACCESS_KEY_ID, current)).toBeUndefined()
    expect(openSessionToken(after, ACCESS_KEY_ID, old)).toBeUndefined()
  })

  it.each([
    ['empty', ''],
    ['not base64', 'not a token!'],
    ['base64 with a line break', `${'A'.repeat(40)}\n${'A'.repeat(40)}`],
    ['base64url alphabet', 'AQJrMQ-_'.repeat(8)],
    ['padding in the middle', 'AQJr=MQ=='],
    ['too short to be an envelope', Buffer.from([1, 2, 107, 49]).toString('base64')],
    ['another format byte', Buffer.concat([Buffer.from([2, 2]), Buffer.from('k1'), randomBytes(40)]).toString('base64')],
    ['an empty key id', Buffer.concat([Buffer.from([1, 0]), randomBytes(40)]).toString('base64')],
    ['a key id longer than the bytes', Buffer.concat([Buffer.from([1, 200]), Buffer.alloc(40, 'a')]).toString('base64')],
    ['a key id with a forbidden character', Buffer.concat([Buffer.from([1, 2]), Buffer.from('k/'), randomBytes(40)]).toString('base64')],
    ['random bytes', randomBytes(300).toString('base64')],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'],
  ])('returns undefined, without throwing, for %s', (_label, token) => {
    const key = keyOf('k1')
    expect(sessionTokenKeyId(token)).toBeUndefined()
    expect(openSessionToken(token, ACCESS_KEY_ID, key)).toBeUndefined()
  })

  it('returns undefined, without throwing, for an envelope-shaped token naming the key that does not authenticate', () => {
    const key = keyOf('k1')
    const forged = Buffer.concat([Buffer.from([1, 2]), Buffer.from('k1'), randomBytes(12 + 50 + 16)]).toString('base64')
    expect(sessionTokenKeyId(forged)).toBe('k1')
    expect(openSessionToken(forged, ACCESS_KEY_ID, key)).toBeUndefined()
  })

  it('refuses a token over MAX_SESSION_TOKEN_LENGTH before opening it, even a genuine one', () => {
    const key = keyOf('k1')
    // Random base64 does not compress: the policy makes the token longer than the limit.
    const huge = sealSessionToken({ ...CLAIMS, sessionPolicy: randomBytes(MAX_SESSION_TOKEN_LENGTH).toString('base64') }, key)
    expect(huge.length).toBeGreaterThan(MAX_SESSION_TOKEN_LENGTH)
    expect(sessionTokenKeyId(huge)).toBeUndefined()
    expect(openSessionToken(huge, ACCESS_KEY_ID, key)).toBeUndefined()
    const garbage = 'A'.repeat(MAX_SESSION_TOKEN_LENGTH + 1)
    expect(sessionTokenKeyId(garbage)).toBeUndefined()
    expect(openSessionToken(garbage, ACCESS_KEY_ID, key)).toBeUndefined()
  })

  it('accepts a genuine token of exactly MAX_SESSION_TOKEN_LENGTH characters and refuses one quantum more', () => {
    const key = keyOf('k1')
    // Stored (level 0) deflate blocks make the length exact: envelope = 2 + 2 ('k1') + 12 + (1 + json + 5) + 16 bytes.
    const base = Buffer.byteLength(JSON.stringify({ ...CLAIMS, sessionPolicy: '' }))
    const tokenOfBytes = (envelopeBytes: number) => {
      const claims = { ...CLAIMS, sessionPolicy: 'p'.repeat(envelopeBytes - 38 - base) }
      const deflated = Buffer.concat([Buffer.from([1]), deflateRawSync(JSON.stringify(claims), { level: 0 })])
      return sealEnvelope(deflated, ACCESS_KEY_ID, key).toString('base64')
    }
    const limitBytes = (MAX_SESSION_TOKEN_LENGTH / 4) * 3
    const atLimit = tokenOfBytes(limitBytes)
    expect(atLimit.length).toBe(MAX_SESSION_TOKEN_LENGTH)
    expect(sessionTokenKeyId(atLimit)).toBe('k1')
    expect(openSessionToken(atLimit, ACCESS_KEY_ID, key)?.sessionPolicy).toBe('p'.repeat(limitBytes - 38 - base))
    const over = tokenOfBytes(limitBytes + 3)
    expect(over.length).toBe(MAX_SESSION_TOKEN_LENGTH + 4)
    expect(sessionTokenKeyId(over)).toBeUndefined()
    expect(openSessionToken(over, ACCESS_KEY_ID, key)).toBeUndefined()
  })

  it('refuses to seal with a key id the envelope cannot carry', () => {
    expect(() => sealSessionToken(CLAIMS, keyOf('has space'))).toThrow('unusable sealing key id has space')
    expect(() => sealSessionToken(CLAIMS, keyOf('x'.repeat(65)))).toThrow(/^unusable sealing key id/)
  })
})
