import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { SealingKey } from '../../../src/credentials/sealed-envelope.ts'
import { sessionCaller } from '../../../src/credentials/session-credential-resolver.ts'
import { authorize, compilePolicy, RequestContextBuilder, type RequestContext } from '../../../src/policy/index.ts'
import {
  decodeAuthorizationMessage, encodeAuthorizationMessage, MAX_ENCODED_MESSAGE_LENGTH, type DeniedRequest, type MessageKeys,
} from '../../../src/sts/authorization-message.ts'

const ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '444455556666'
const TARGET_ROLE = `arn:aws:iam::${ACCOUNT}:role/Admin`
const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/RegionGuard`

/** An in-memory key ring: one active key, retired ones still found by id. */
class MemoryKeys implements MessageKeys {
  readonly ring = new Map<string, SealingKey>()
  finds = 0
  #active: SealingKey

  constructor(id = 'msg-1') {
    this.#active = this.rotate(id)
  }

  rotate(id: string): SealingKey {
    this.#active = { id, key: randomBytes(32) }
    this.ring.set(id, this.#active)
    return this.#active
  }

  async active(): Promise<SealingKey> {
    return this.#active
  }

  async find(id: string): Promise<SealingKey | undefined> {
    this.finds++
    return this.ring.get(id)
  }
}

const caller = sessionCaller({
  kind: 'assumed-role', accessKeyId: 'ASIARZPUZDIKFEXAMPLE', secretAccessKey: 's'.repeat(40), accountId: ACCOUNT,
  issuedAt: Date.UTC(2026, 4, 1), expiresAt: Date.UTC(2026, 4, 1, 1),
  role: { id: 'AROARZPUZDIKFEXAMPLE', name: 'Deployer', path: '/ci/' }, sessionName: 'build-42',
  tags: [], transitiveTagKeys: [], sessionPolicyArns: [],
})

const GUARD = compilePolicy(JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' },
    { Sid: 'DenyOutsideIreland', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
    { Sid: 'AllowPlatform', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } } },
  ],
}), 'identity', POLICY_ARN)

function deniedRequest(context: RequestContext, policies = [GUARD]): DeniedRequest {
  const decision = authorize({ principal: caller.principal, action: 'sts:AssumeRole', resource: TARGET_ROLE, context }, { identity: policies })
  return { caller, action: 'sts:AssumeRole', resource: TARGET_ROLE, context, decision }
}

const usEast = () => new RequestContextBuilder().requestedRegion('us-east-1').principalArn(`arn:aws:iam::${ACCOUNT}:role/ci/Deployer`).build()

const statement = (statementId: string, effect: 'DENY' | 'ALLOW') => ({
  statementId,
  policyId: POLICY_ARN,
  effect,
  principals: { items: [{ value: 'AROARZPUZDIKFEXAMPLE:build-42' }] },
  principalGroups: { items: [] },
  actions: { items: [{ value: 'sts:AssumeRole' }] },
  resources: { items: [{ value: TARGET_ROLE }] },
  conditions: { items: [] },
})

describe('encoded authorization failure messages', () => {
  it('decodes to the JSON AWS returns for an explicit deny', async () => {
    const keys = new MemoryKeys()
    const denied = deniedRequest(usEast())
    expect(denied.decision.outcome).toBe('explicitDeny')
    const encoded = await encodeAuthorizationMessage(denied, keys)
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(encoded.length).toBeLessThanOrEqual(MAX_ENCODED_MESSAGE_LENGTH)

    const decoded = await decodeAuthorizationMessage(encoded, ACCOUNT, keys)
    expect(typeof decoded).toBe('string')
    expect(JSON.parse(decoded!)).toEqual({
      allowed: false,
      explicitDeny: true,
      // Deny first, then the statements that allowed.
      matchedStatements: { items: [statement('DenyOutsideIreland', 'DENY'), statement('AllowEverything', 'ALLOW')] },
      failures: { items: [] },
      context: {
        principal: { id: 'AROARZPUZDIKFEXAMPLE:build-42', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/build-42` },
        action: 'sts:AssumeRole',
        resource: TARGET_ROLE,
        // The keys the statements looked at (lower-cased by the engine); one the request lacks has no values.
        conditions: {
          items: [
            { key: 'aws:principaltag/team', values: { items: [] } },
            { key: 'aws:requestedregion', values: { items: [{ value: 'us-east-1' }] } },
          ],
        },
      },
    })
  })

  it('decodes an implicit deny with no matched statements', async () => {
    const keys = new MemoryKeys()
    const encoded = await encodeAuthorizationMessage(deniedRequest(usEast(), []), keys)
    const decoded = JSON.parse((await decodeAuthorizationMessage(encoded, ACCOUNT, keys))!)
    expect(decoded).toMatchObject({ allowed: false, explicitDeny: false, matchedStatements: { items: [] }, context: { conditions: { items: [] } } })
  })

  it('does not reveal the detail in the encoded text', async () => {
    const encoded = await encodeAuthorizationMessage(deniedRequest(usEast()), new MemoryKeys())
    const bytes = Buffer.from(encoded, 'base64url').toString('latin1')
    for (const secret of ['DenyOutsideIreland', 'us-east-1', 'RegionGuard', 'build-42']) expect(bytes).not.toContain(secret)
  })

  it('decodes only for the account it was encoded for', async () => {
    const keys = new MemoryKeys()
    const encoded = await encodeAuthorizationMessage(deniedRequest(usEast()), keys)
    expect(await decodeAuthorizationMessage(encoded, OTHER_ACCOUNT, keys)).toBeUndefined()
    expect(await decodeAuthorizationMessage(encoded, '', keys)).toBeUndefined()
    expect(await decodeAuthorizationMessage(encoded, ACCOUNT, keys)).toBeDefined()
  })

  it('still decodes a message encoded with a key that has since been rotated out, not once the key is gone', async () => {
    const keys = new MemoryKeys('msg-1')
    const before = await encodeAuthorizationMessage(deniedRequest(usEast()), keys)
    keys.rotate('msg-2')
    const after = await encodeAuthorizationMessage(deniedRequest(usEast()), keys)
    expect(Buffer.from(after, 'base64url').subarray(2, 7).toString('ascii')).toBe('msg-2')
    expect(await decodeAuthorizationMessage(before, ACCOUNT, keys)).toBeDefined()
    expect(await decodeAuthorizationMessage(after, ACCOUNT, keys)).toBeDefined()
    keys.ring.delete('msg-1')
    expect(await decodeAuthorizationMessage(before, ACCOUNT, keys)).toBeUndefined()
  })

  it('does not decode with another key of the same id', async () => {
    const keys = new MemoryKeys('msg-1')
    const encoded = await encodeAuthorizationMessage(deniedRequest(usEast()), keys)
    keys.ring.set('msg-1', { id: 'msg-1', key: randomBytes(32) })
    expect(await decodeAuthorizationMessage(encoded, ACCOUNT, keys)).toBeUndefined()
  })

  it('does not decode after any single byte is edited', async () => {
    const keys = new MemoryKeys()
    const envelope = Buffer.from(await encodeAuthorizationMessage(deniedRequest(usEast()), keys), 'base64url')
    for (let i = 0; i < envelope.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const edited = Buffer.from(envelope)
        edited[i]! ^= mask
        expect(await decodeAuthorizationMessage(edited.toString('base64url'), ACCOUNT, keys), `byte ${i} ^ ${mask}`).toBeUndefined()
      }
    }
  })

  it('does not decode after any character is replaced, dropped or added', async () => {
    const keys = new MemoryKeys()
    const encoded = await encodeAuthorizationMessage(deniedRequest(usEast()), keys)
    // Every position, the last included: its low bits are ignored by base64url decoding, so only a
    // canonical-spelling check refuses some of these.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    for (const i of [0, 1, 5, 20, Math.floor(encoded.length / 2), encoded.length - 2, encoded.length - 1]) {
      for (const c of alphabet) {
        if (c === encoded[i]) continue
        expect(await decodeAuthorizationMessage(encoded.slice(0, i) + c + encoded.slice(i + 1), ACCOUNT, keys), `${i}: ${c}`).toBeUndefined()
      }
    }
    for (const edited of [encoded.slice(1), encoded.slice(0, -1), encoded.slice(0, -4), `${encoded}A`, `${encoded}AAAA`, `${encoded}=`]) {
      expect(await decodeAuthorizationMessage(edited, ACCOUNT, keys)).toBeUndefined()
    }
    expect(await decodeAuthorizationMessage(encoded, ACCOUNT, keys)).toBeDefined()
  })

  it.each([
    ['empty', ''],
    ['text', 'not an encoded message'],
    ['standard base64 with + and /', 'ab+/cd=='],
    ['a line break', `${'A'.repeat(40)}\n${'A'.repeat(40)}`],
    ['random base64url', randomBytes(200).toString('base64url')],
    ['an envelope naming an unknown key', Buffer.concat([Buffer.from([1, 5]), Buffer.from('msg-9'), randomBytes(60)]).toString('base64url')],
    ['an envelope naming the key that does not authenticate', Buffer.concat([Buffer.from([1, 5]), Buffer.from('msg-1'), randomBytes(60)]).toString('base64url')],
    ['a bare header', Buffer.concat([Buffer.from([1, 5]), Buffer.from('msg-1')]).toString('base64url')],
  ])('gives undefined, without throwing, for %s', async (_label, encoded) => {
    expect(await decodeAuthorizationMessage(encoded, ACCOUNT, new MemoryKeys('msg-1'))).toBeUndefined()
  })

  it('refuses anything over 10240 characters before looking up a key', async () => {
    const keys = new MemoryKeys()
    expect(await decodeAuthorizationMessage('A'.repeat(MAX_ENCODED_MESSAGE_LENGTH + 1), ACCOUNT, keys)).toBeUndefined()
    expect(keys.finds).toBe(0)
  })

  it('shortens the context values of a denial until its message fits, so it can always be decoded', async () => {
    const keys = new MemoryKeys()
    // A context key the policy looks at, carrying many long random values.
    const wide = compilePolicy(JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyAffiliated', Effect: 'Deny', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'saml:edupersonaffiliation': '*' } } }],
    }), 'identity', POLICY_ARN)
    const values = Array.from({ length: 40 }, () => randomBytes(192).toString('base64'))
    const context = new RequestContextBuilder().set('saml:edupersonaffiliation', values, { multiValued: true }).build()
    const encoded = await encodeAuthorizationMessage(deniedRequest(context, [wide]), keys)
    expect(encoded.length).toBeLessThanOrEqual(MAX_ENCODED_MESSAGE_LENGTH)
    const decoded = JSON.parse((await decodeAuthorizationMessage(encoded, ACCOUNT, keys))!)
    expect(decoded.explicitDeny).toBe(true)
    const [condition] = decoded.context.conditions.items
    expect(condition.key).toBe('saml:edupersonaffiliation')
    expect(condition.values.items.at(-1)).toMatchObject({ truncated: true })
    expect(condition.values.items.length).toBeLessThan(values.length)
  })
})
