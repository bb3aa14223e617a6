import { randomBytes } from 'node:crypto'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { signToken, startTestIdp, type TestIdp } from '../../support/oidc-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'H'.repeat(40) }
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Target`
const WEB_ROLE = `arn:aws:iam::${ACCOUNT}:role/WebTarget`
const AUDIENCE = 'stsgate-app'
const providerId = (issuer: string) => issuer.replace(/^https?:\/\//, '')
const config = (issuer: string) => `
accounts:
  - id: "${ACCOUNT}"
    oidcProviders:
      - { url: "${issuer}", clientIds: [${AUDIENCE}] }
    users:
      - name: alice
        inlinePolicies:
          - name: everything-sts
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:*", Resource: "*" }] }
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
    roles:
      - name: Target
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:user/alice" }, Action: [sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity] }] }
      - name: WebTarget
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { Federated: "arn:aws:iam::${ACCOUNT}:oidc-provider/${providerId(issuer)}" }
              Action: [sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity]
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

const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url')
const CLAIM_NAMES = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'azp', 'amr', 'https://aws.amazon.com/tags', 'https://aws.amazon.com/source_identity'] as const

/**
 * An unsigned AssumeRoleWithWebIdentity request: each parameter valid, mutated or missing; the
 * token garbage, JWT-shaped garbage (three base64url parts of broken JSON), or real-looking
 * claims with a few of them mutated, half of those signed by the real IdP so the mutations reach
 * claim checks, session tags and the trust policy.
 */
async function webIdentityForm(seed: number, idp: TestIdp): Promise<{ body: string; jwt: string | undefined }> {
  const { next, pick, value } = generator(seed + 1_000_000)
  const now = Math.floor(Date.now() / 1000)
  const weird = () => pick<() => unknown>([
    value, () => Math.floor(next() * 4e9) - 2e9, () => -1, () => 1e20, () => null, () => [], () => ({}), () => [value()], () => true,
    () => now + Math.floor(next() * 7200) - 3600, () => idp.issuer, () => `${idp.issuer}/`, () => AUDIENCE, () => [AUDIENCE, value()],
    () => ({ principal_tags: { [value()]: [value()] }, transitive_tag_keys: [value()] }), () => ({ principal_tags: { team: 'red' } }),
  ])()
  const garbageJson = () => pick([
    '{', '{"alg":', '[]', 'null', '"text"', '1e400', '{"alg":"RS256","kid":1}', '{"iss":', '{"iss":123}', '{"iss":["a"]}', `{"iss":"${idp.issuer}"`,
    `{"iss":"${idp.issuer}","sub":{}}`, '{"__proto__":{"admin":true},"iss":"x"}', '{"iss":"\u0000"}', '{"alg":"none"}', value(),
  ])
  const claimsWithMutations = () => {
    const claims: Record<string, unknown> = { iss: idp.issuer, sub: `user-${seed}`, aud: AUDIENCE, iat: now - 5, exp: now + 300 }
    for (let mutations = Math.floor(next() * 3); mutations > 0; mutations--) {
      const name = pick(CLAIM_NAMES)
      if (next() < 0.25) delete claims[name]
      else claims[name] = weird()
    }
    return claims
  }
  const jwtLike = async (): Promise<string> => {
    if (next() < 0.35) return `${b64url(garbageJson())}.${b64url(garbageJson())}.${b64url(randomBytes(Math.floor(next() * 300)))}`
    const claims = claimsWithMutations()
    const header = pick<Record<string, unknown>>([{}, {}, { kid: value() }, { alg: 'none' }, { alg: 'HS256' }, { alg: 42 }, { typ: 'at+jwt' }, { cty: 'JWT' }, { crit: ['x'] }])
    if (next() < 0.5 && header.alg === undefined && header.crit === undefined) return signToken(idp.keys[0]!, claims, header)
    return `${b64url(JSON.stringify({ alg: 'RS256', kid: idp.keys[0]!.kid, ...header }))}.${b64url(JSON.stringify(claims))}.${b64url(randomBytes(256))}`
  }
  const entries: Array<[string, string]> = [['Action', 'AssumeRoleWithWebIdentity'], ['Version', '2011-06-15']]
  // One request in three is valid but for up to two mutated claims, so the mutations reach claim
  // checks, session tags, the trust policy and success.
  if (seed % 3 === 0) {
    const token = await signToken(idp.keys[0]!, claimsWithMutations())
    entries.push(['RoleArn', WEB_ROLE], ['RoleSessionName', `w${seed}`], ['WebIdentityToken', token])
    if (next() < 0.2) entries.push(['ProviderId', providerId(idp.issuer)])
    return { body: new URLSearchParams(entries).toString(), jwt: token }
  }
  const roll = next()
  if (roll < 0.6) entries.push(['RoleArn', WEB_ROLE])
  else if (roll < 0.9) entries.push(['RoleArn', value()])
  const nameRoll = next()
  if (nameRoll < 0.7) entries.push(['RoleSessionName', `w${seed}`])
  else if (nameRoll < 0.9) entries.push(['RoleSessionName', value()])
  const tokenRoll = next()
  const jwt = tokenRoll < 0.7 ? await jwtLike() : undefined
  const token = jwt ?? (tokenRoll < 0.9 ? value() : undefined)
  if (token !== undefined) entries.push(['WebIdentityToken', token])
  const providerRoll = next()
  if (providerRoll < 0.15) entries.push(['ProviderId', providerId(idp.issuer)])
  else if (providerRoll < 0.3) entries.push(['ProviderId', value()])
  if (next() < 0.15) entries.push([pick(['DurationSeconds', 'Policy', 'PolicyArns.member.1.arn', 'SourceIdentity', 'Tags.member.1.Key']), value()])
  return { body: new URLSearchParams(entries).toString(), jwt }
}

/** AWS XML (success or error), never a 5xx, never a stack trace; the status counted. */
function checkAnswer(seed: number, body: string, status: number, text: string, statuses: Map<number, number>): void {
  statuses.set(status, (statuses.get(status) ?? 0) + 1)
  if (status >= 500 || !/^<\?xml|^<(ErrorResponse|\w+Response) /.test(text)) {
    throw new Error(`seed ${seed}: ${status} for ${body.slice(0, 300)}\n${text.slice(0, 500)}`)
  }
  if (status >= 400) expect(text).toMatch(/<Code>\w+<\/Code>/)
  expect(text).not.toMatch(/at .*\.ts:\d+|node_modules/)
}

describe(`hostile input to the STS actions on ${backend}`, () => {
  let server: StsTestServer
  let idp: TestIdp
  beforeAll(async () => {
    idp = await startTestIdp()
    server = await startStsTestServer(config(idp.issuer), { STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' })
  })
  afterAll(async () => {
    await server.close()
    await idp.close()
  })

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
      checkAnswer(seed, body, response.status, await response.text(), statuses)
    }
    // The generator reaches both outcomes, so the loop proved something either way.
    expect(statuses.get(200)).toBeGreaterThan(0)
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true)
  })

  it('answers 150 unsigned AssumeRoleWithWebIdentity requests with mutated tokens and parameters in AWS XML, never a 5xx, never echoing the token', async () => {
    const statuses = new Map<number, number>()
    const codes = new Set<string>()
    for (let seed = 1; seed <= 150; seed++) {
      const { body, jwt } = await webIdentityForm(seed, idp)
      const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })
      const text = await response.text()
      checkAnswer(seed, body, response.status, text, statuses)
      if (jwt !== undefined) expect(text, `seed ${seed}`).not.toContain(jwt)
      codes.add(/<Code>(\w+)<\/Code>/.exec(text)?.[1] ?? 'success')
    }
    // The mutations reach every layer: parameter validation, token verification, claims and success.
    expect(statuses.get(200)).toBeGreaterThan(0)
    expect(codes).toContain('ValidationError')
    expect(codes).toContain('InvalidIdentityToken')
    expect(codes.size).toBeGreaterThanOrEqual(4)
  })
})
