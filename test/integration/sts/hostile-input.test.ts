import { randomBytes } from 'node:crypto'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'H'.repeat(40) }
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Target`
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        inlinePolicies:
          - name: everything-sts
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:*", Resource: "*" }] }
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
    roles:
      - name: Target
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:user/alice" }, Action: [sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity] }] }
`

const ACTIONS = ['AssumeRole', 'GetSessionToken', 'GetFederationToken', 'DecodeAuthorizationMessage', 'GetAccessKeyInfo'] as const
const NAMES = ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'Policy', 'PolicyArns.member.1.arn', 'Tags.member.1.Key', 'Tags.member.1.Value',
  'Tags.member.2.Key', 'TransitiveTagKeys.member.1', 'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity', 'Name', 'EncodedMessage', 'AccessKeyId', 'Tags']

/** Deterministic pseudo-randomness, so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0 || 1
  const next = () => ((state ^= state << 13, state ^= state >>> 17, state ^= state << 5) >>> 0) / 2 ** 32
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  const value = (): string => pick([
    () => '', () => 'a', () => 'x'.repeat(1 + Math.floor(next() * 3000)), () => String(Math.floor(next() * 2e6) - 1e6), () => '1e400',
    () => ROLE, () => `${ROLE}/../Other`, () => '{"Version":"2012-10-17","Statement":[', () => '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    () => '\u0000\u0001\uffff', () => '😀'.repeat(40), () => "'; DROP TABLE roles; --", () => randomBytes(Math.floor(next() * 64)).toString('base64'),
    () => 'arn:aws:iam::123456789012:policy/../../x', () => '%zz', () => 'aws:reserved', () => '   ',
  ])()
  return { next, pick, value }
}

function form(seed: number): string {
  const { next, pick, value } = generator(seed)
  // One request in four starts from a valid AssumeRole, so the mutations also reach the handler.
  const valid = next() < 0.25
  const entries: Array<[string, string]> = valid
    ? [['Action', 'AssumeRole'], ['Version', '2011-06-15'], ['RoleArn', ROLE], ['RoleSessionName', `s${seed}`]]
    : [['Action', pick(ACTIONS)], ['Version', '2011-06-15']]
  const used = new Set<string>(valid ? ['RoleArn', 'RoleSessionName'] : [])
  for (let count = Math.floor(next() * 6); count > 0; count--) {
    const name = pick(NAMES)
    if (used.has(name)) continue
    used.add(name)
    entries.push([name, value()])
  }
  return new URLSearchParams(entries).toString()
}

describe(`hostile input to the STS actions on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  it('answers 300 signed requests with generated parameters in AWS error XML or success, never a 5xx', async () => {
    const { host } = new URL(server.url)
    const signer = new SignatureV4({ credentials: ALICE, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') })
    const statuses = new Map<number, number>()
    for (let seed = 1; seed <= 300; seed++) {
      const body = form(seed)
      const signed = await signer.sign(new HttpRequest({
        method: 'POST', protocol: 'http:', hostname: host, path: '/', headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
      }))
      const response = await fetch(`${server.url}/`, { method: 'POST', headers: signed.headers, body })
      const text = await response.text()
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      if (response.status >= 500 || !/^<\?xml|^<(ErrorResponse|\w+Response) /.test(text)) {
        throw new Error(`seed ${seed}: ${response.status} for ${body.slice(0, 300)}\n${text.slice(0, 500)}`)
      }
      if (response.status >= 400) expect(text).toMatch(/<Code>\w+<\/Code>/)
      expect(text).not.toMatch(/at .*\.ts:\d+|node_modules/)
    }
    // The generator reaches both outcomes, so the loop proved something either way.
    expect(statuses.get(200)).toBeGreaterThan(0)
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true)
  })
})
