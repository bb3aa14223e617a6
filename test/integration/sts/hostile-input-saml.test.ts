import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import {
  generateSamlIdp, principalTagAttribute, roleAttribute, roleSessionNameAttribute, samlIdpMetadata, samlResponseXml, type SamlAttribute, type SamlIdpKeys,
} from '../../support/saml-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// Unsigned AssumeRoleWithSAML requests with generated parameters and mutated responses: whatever
// arrives, the answer is AWS XML (success or a 4xx code), never a 5xx, never a stack trace, and
// never the assertion echoed back.

const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SamlTarget`
const ACS = 'http://localhost:8080/saml/acs'

/** Deterministic pseudo-randomness, so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0 || 1
  const next = () => ((state ^= state << 13, state ^= state >>> 17, state ^= state << 5) >>> 0) / 2 ** 32
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  const weird = (): string => pick([
    () => '', () => 'a', () => 'x'.repeat(1 + Math.floor(next() * 500)), () => '\u0001\uffff', () => '😀'.repeat(40), () => '<b>&amp;</b>',
    () => "'; DROP TABLE roles; --", () => 'aws:reserved', () => '   ', () => ROLE, () => `${PROVIDER},${ROLE}`, () => '900', () => '-1',
  ])()
  return { next, pick, weird }
}

async function samlForm(seed: number, idp: SamlIdpKeys): Promise<{ body: string; assertion: string | undefined }> {
  const { next, pick, weird } = generator(seed)
  const attributes: SamlAttribute[] = [roleAttribute(ROLE, PROVIDER), roleSessionNameAttribute(`s${seed}`), principalTagAttribute('team', 'red')]
  for (let mutations = Math.floor(next() * 3); mutations > 0; mutations--) {
    const index = Math.floor(next() * (attributes.length + 2))
    const name = pick(['https://aws.amazon.com/SAML/Attributes/RoleSessionName', 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
      'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team', 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
      'https://aws.amazon.com/SAML/Attributes/SourceIdentity', 'https://aws.amazon.com/SAML/Attributes/Role', 'urn:oid:2.5.4.3'])
    attributes[index % (attributes.length + 1)] = [name, Array.from({ length: Math.floor(next() * 3) }, weird)]
  }
  const xml = await samlResponseXml({
    idp, destination: next() < 0.9 ? ACS : weird(), recipient: next() < 0.9 ? ACS : null,
    nameId: next() < 0.8 ? `user${seed}@example.com` : weird() || 'x', attributes: attributes.filter(Boolean),
    sign: pick(['assertion', 'assertion', 'response', 'both', 'none'] as const),
  })
  const roll = next()
  const mutated = roll < 0.5 ? xml
    : roll < 0.65 ? xml.replace(/>([^<]{1,40})</, `>${weird().replace(/[<&]/g, '')}<`) // an edit after signing
    : roll < 0.75 ? `${xml.slice(0, Math.floor(next() * xml.length))}`
    : roll < 0.85 ? `<!DOCTYPE x [<!ENTITY e "${weird()}">]>${xml}`
    : xml.replace('<saml:Issuer', '<saml:Issuer xmlns:evil="urn:evil"')
  const assertion = next() < 0.9 ? Buffer.from(mutated).toString('base64') : pick([weird(), randomBytes(200).toString('base64url'), '====', mutated])
  const entries: Array<[string, string]> = [['Action', 'AssumeRoleWithSAML'], ['Version', '2011-06-15']]
  if (next() < 0.9) entries.push(['RoleArn', next() < 0.85 ? ROLE : weird()])
  if (next() < 0.9) entries.push(['PrincipalArn', next() < 0.85 ? PROVIDER : weird()])
  if (next() < 0.95) entries.push(['SAMLAssertion', assertion])
  if (next() < 0.15) entries.push([pick(['DurationSeconds', 'Policy', 'PolicyArns.member.1.arn', 'RoleSessionName', 'Tags.member.1.Key']), weird()])
  return { body: new URLSearchParams(entries).toString(), assertion }
}

describe(`hostile input to AssumeRoleWithSAML on ${backend}`, () => {
  let server: StsTestServer
  let idp: SamlIdpKeys
  beforeAll(async () => {
    idp = await generateSamlIdp('https://idp.example.com/saml')
    server = await startStsTestServer(JSON.stringify({
      accounts: [{
        id: ACCOUNT,
        samlProviders: [{ name: 'corp', metadata: samlIdpMetadata(idp) }],
        roles: [{
          name: 'SamlTarget',
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'] }] },
        }],
      }],
    }))
  })
  afterAll(() => server?.close())

  it('answers 150 generated requests in AWS XML, never a 5xx, never echoing the assertion', async () => {
    const statuses = new Map<number, number>()
    const codes = new Set<string>()
    for (let seed = 1; seed <= 150; seed++) {
      const { body, assertion } = await samlForm(seed, idp)
      const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })
      const text = await response.text()
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      if (response.status >= 500 || !/^<\?xml|^<(ErrorResponse|\w+Response) /.test(text)) throw new Error(`seed ${seed}: ${response.status} for ${body.slice(0, 300)}\n${text.slice(0, 500)}`)
      expect(text, `seed ${seed}`).not.toMatch(/at .*\.ts:\d+|node_modules/)
      if (assertion !== undefined && assertion.length > 20) expect(text, `seed ${seed}`).not.toContain(assertion.slice(0, 40))
      codes.add(/<Code>(\w+)<\/Code>/.exec(text)?.[1] ?? 'success')
    }
    // The mutations reach every layer: parameters, XML and signature checks, AWS's attributes, success.
    expect(statuses.get(200)).toBeGreaterThan(0)
    expect(codes).toContain('ValidationError')
    expect(codes).toContain('InvalidIdentityToken')
    expect(codes.size).toBeGreaterThanOrEqual(4)
  })
})
