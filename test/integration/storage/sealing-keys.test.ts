import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSessionToken, sealSessionToken } from '../../../src/credentials/session-token.ts'
import type { SessionClaims } from '../../../src/credentials/session-claims.ts'
import { KeyRing } from '../../../src/storage/key-ring.ts'
import { SealingKeys } from '../../../src/storage/sealing-keys.ts'
import { SecretBox } from '../../../src/storage/secret-box.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

const claims: SessionClaims = {
  kind: 'session-token', accessKeyId: 'ASIARZPUZDIKFEXAMPLE', secretAccessKey: 'x'.repeat(40), accountId: '123456789012',
  issuedAt: 0, expiresAt: 1, tags: [], transitiveTagKeys: [], sessionPolicyArns: [],
}

describe(`sealing keys in the key ring on ${backend}`, () => {
  let test: TestDatabase
  let keyRing: KeyRing
  let now = 0
  const clock = () => now
  beforeAll(async () => { test = await openTestDatabase(); keyRing = new KeyRing(test.db.prisma, new SecretBox(randomBytes(32))) })
  afterAll(() => test.close())

  it('shares one active key between instances and keeps opening what a retired key sealed', async () => {
    const first = await SealingKeys.open(keyRing, 'session-token', clock)
    const second = await SealingKeys.open(keyRing, 'session-token', clock)
    const original = await first.active()
    expect((await second.active()).id).toBe(original.id)
    const token = sealSessionToken(claims, original)

    const rotated = await first.rotate()
    expect(rotated.id).not.toBe(original.id)
    expect((await first.active()).id).toBe(rotated.id)
    expect(openSessionToken(token, claims.accessKeyId, (await first.find(original.id))!)).toEqual(claims)

    // The other instance seals with the old key until it re-reads the ring (every minute, or when
    // it meets an unknown key id, at most once a second).
    expect((await second.active()).id).toBe(original.id)
    expect(await second.find(rotated.id)).toBeUndefined()
    now += 1_001
    expect((await second.find(rotated.id))?.id).toBe(rotated.id)
    expect((await second.active()).id).toBe(rotated.id)
    const third = await SealingKeys.open(keyRing, 'session-token', clock)
    expect((await third.active()).id).toBe(rotated.id)
    expect(openSessionToken(token, claims.accessKeyId, (await second.find(original.id))!)).toEqual(claims)
  })

  it('keeps its purposes apart', async () => {
    const sessions = await SealingKeys.open(keyRing, 'session-token', clock)
    const messages = await SealingKeys.open(keyRing, 'authorization-message', clock)
    const messageKey = await messages.active()
    expect(messageKey.id).not.toBe((await sessions.active()).id)
    now += 1_001
    expect(await sessions.find(messageKey.id)).toBeUndefined()
  })

  it('stores the key material sealed, never in plaintext', async () => {
    const keys = await SealingKeys.open(keyRing, 'session-token', clock)
    const material = (await keys.active()).key.toString('base64')
    const rows = await test.db.prisma.keyRingKey.findMany()
    expect(JSON.stringify(rows)).not.toContain(material)
  })
})
