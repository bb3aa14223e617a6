import { SAML as NodeSaml } from '@node-saml/node-saml'
import { beforeAll, describe, expect, it } from 'vitest'
import { summariseSamlMetadata } from '../../../src/apply/saml-metadata.ts'
import {
  AWS_SAML_ATTRIBUTE, generateSamlIdp, principalTagAttribute, roleAttribute, roleSessionNameAttribute, SAML,
  samlIdpMetadata, samlResponse, samlResponseXml, transitiveTagKeysAttribute, type ResponseOptions, type SamlIdpKeys,
} from '../../support/saml-idp.ts'

// Proves the hand-signed responses against the real library stsgate uses: node-saml verifies the
// signatures (and decrypts) exactly as it will inside AssumeRoleWithSAML.

const ROLE = 'arn:aws:iam::123456789012:role/Developer'
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/Corp'
const ACS = 'http://localhost:8080/saml/acs'

let idp: SamlIdpKeys
let attacker: SamlIdpKeys
let sp: SamlIdpKeys // the SP's encryption key: only its key and certificate are used

beforeAll(async () => {
  [idp, attacker, sp] = await Promise.all([
    generateSamlIdp('https://idp.example.com/saml'), generateSamlIdp('https://evil.example/saml'), generateSamlIdp('http://localhost:8080/saml/metadata'),
  ])
})

const validate = (base64: string, idpCert = idp.certificatePem) =>
  new NodeSaml({
    idpCert, issuer: 'x', callbackUrl: ACS, audience: 'urn:amazon:webservices',
    wantAssertionsSigned: false, wantAuthnResponseSigned: false, decryptionPvk: sp.privateKeyPem,
  }).validatePostResponseAsync({ SAMLResponse: base64 })

const base = (overrides: Partial<ResponseOptions> = {}): ResponseOptions => ({
  idp,
  destination: ACS,
  nameId: 'alice@example.com',
  attributes: [
    roleAttribute(ROLE, PROVIDER, ['arn:aws:iam::123456789012:role/ReadOnly', PROVIDER]),
    roleSessionNameAttribute('alice'),
    principalTagAttribute('team', 'a&b <c>'),
    transitiveTagKeysAttribute('team', 'cost-center'),
  ],
  ...overrides,
})

const count = (xml: string, pattern: RegExp) => xml.match(new RegExp(pattern, 'g'))?.length ?? 0

describe('hand-signed SAML responses', () => {
  const shapes = (['assertion', 'response', 'both'] as const).flatMap((sign) => [
    { sign, encrypt: false }, { sign, encrypt: true },
  ])

  it.each(shapes)('node-saml accepts sign=$sign encrypted=$encrypt, nameID and every attribute value intact', async ({ sign, encrypt }) => {
    const options = base({ sign, ...(encrypt ? { encrypt: { certificatePem: sp.certificatePem } } : {}) })
    const xml = await samlResponseXml(options)
    // An assertion signed before encryption is inside the ciphertext: only the response's shows.
    expect(count(xml, /<ds:Signature /)).toBe((sign === 'assertion' ? 0 : 1) + (sign !== 'response' && !encrypt ? 1 : 0))
    expect(count(xml, /<saml:EncryptedAssertion>/)).toBe(encrypt ? 1 : 0)
    if (sign !== 'assertion') expect(xml).toMatch(/^<samlp:Response [^>]*><saml:Issuer>[^<]*<\/saml:Issuer><ds:Signature /)
    if (encrypt) expect(xml).toContain(`Algorithm="${SAML.aes256gcm}"`)

    const { profile } = await validate(Buffer.from(xml).toString('base64'))
    expect(profile).toMatchObject({ issuer: idp.entityId, nameID: 'alice@example.com', nameIDFormat: SAML.persistent })
    expect(profile?.attributes).toEqual({
      [AWS_SAML_ATTRIBUTE.role]: [`${ROLE},${PROVIDER}`, `arn:aws:iam::123456789012:role/ReadOnly,${PROVIDER}`],
      [AWS_SAML_ATTRIBUTE.roleSessionName]: 'alice',
      [AWS_SAML_ATTRIBUTE.principalTag('team')]: 'a&b <c>',
      [AWS_SAML_ATTRIBUTE.transitiveTagKeys]: ['team', 'cost-center'],
    })
  })

  it('puts the assertion Signature right after its Issuer and signs the assertion before the response', async () => {
    const xml = await samlResponseXml(base({ sign: 'both' }))
    expect(xml).toMatch(/<saml:Assertion [^>]*><saml:Issuer>[^<]*<\/saml:Issuer><ds:Signature /)
    // The assertion's signature is inside the response's signed bytes: changing it breaks the outer one.
    const inner = /<saml:Assertion[\s\S]*<ds:SignatureValue>([^<]+)</.exec(xml)![1]!
    const tampered = xml.replace(inner, inner.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))
    await expect(validate(Buffer.from(tampered).toString('base64'))).rejects.toThrow(/Invalid signature/)
  })

  it('accepts aes128-gcm data encryption with the response signed over the EncryptedAssertion', async () => {
    const { profile } = await validate(await samlResponse(base({ sign: 'both', encrypt: { certificatePem: sp.certificatePem, dataAlgorithm: SAML.aes128gcm } })))
    expect(profile?.nameID).toBe('alice@example.com')
  })

  it('builds sha1 signatures (node-saml accepts them; stsgate itself must not)', async () => {
    const xml = await samlResponseXml(base({ sign: 'both', signatureAlgorithm: SAML.rsaSha1, digestAlgorithm: SAML.sha1 }))
    expect(xml).toContain(`<ds:SignatureMethod Algorithm="${SAML.rsaSha1}"/>`)
    expect(xml).toContain(`<ds:DigestMethod Algorithm="${SAML.sha1}"/>`)
    expect((await validate(Buffer.from(xml).toString('base64'))).profile?.nameID).toBe('alice@example.com')
  })

  it('is refused with the wrong certificate, when signed by an attacker key, and when unsigned', async () => {
    await expect(validate(await samlResponse(base({ sign: 'both' })), attacker.certificatePem)).rejects.toThrow(/Invalid signature/)
    const forged = await samlResponseXml(base({ sign: 'both', signingKey: attacker }))
    expect(forged).toContain(attacker.certificateBase64)
    await expect(validate(Buffer.from(forged).toString('base64'))).rejects.toThrow(/Invalid signature/)
    await expect(validate(await samlResponse(base({ sign: 'none' })))).rejects.toThrow(/Invalid signature/)
    const unsignedEncrypted = base({ sign: 'assertion', encrypt: { certificatePem: sp.certificatePem, signBeforeEncrypt: false } })
    await expect(validate(await samlResponse(unsignedEncrypted))).rejects.toThrow(/Invalid signature from encrypted assertion/)
  })

  it('shapes: absent Destination/Recipient/SubjectConfirmation/Conditions parts, several AudienceRestrictions, escaped values', async () => {
    const now = new Date('2030-01-01T00:00:00.000Z')
    const xml = await samlResponseXml(base({
      sign: 'none', now, destination: null, recipient: null, nameIdFormat: null, notBefore: null, subjectNotOnOrAfter: null,
      sessionNotOnOrAfter: new Date('2030-01-01T01:00:00.000Z'), audiences: [['urn:amazon:webservices'], ['urn:other"sp']],
      nameId: 'a<b>&"c"', status: 'urn:oasis:names:tc:SAML:2.0:status:Requester', assertionId: '_a1', responseId: '_r1',
    }))
    expect(xml).not.toContain('Destination=')
    expect(xml).toContain('<saml:SubjectConfirmationData/>')
    expect(xml).toContain('<saml:NameID>a&lt;b&gt;&amp;&quot;c&quot;</saml:NameID>')
    expect(xml).toContain('<saml:Conditions NotOnOrAfter="2030-01-01T00:05:00.000Z"><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>urn:other&quot;sp</saml:Audience></saml:AudienceRestriction></saml:Conditions>')
    expect(xml).toContain('SessionNotOnOrAfter="2030-01-01T01:00:00.000Z"')
    expect(xml).toContain('<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"/>')
    expect(xml).toMatch(/<samlp:Response [^>]*ID="_r1"[\s\S]*<saml:Assertion [^>]*ID="_a1"/)

    const bare = await samlResponseXml(base({ method: null, audiences: [], notBefore: null, notOnOrAfter: null, sign: 'none' }))
    expect(bare).not.toContain('SubjectConfirmation')
    expect(bare).not.toContain('Conditions')
    const defaults = await samlResponseXml({ idp })
    expect(defaults).toContain('Destination="https://signin.aws.amazon.com/saml"')
    expect(defaults).toContain('Recipient="https://signin.aws.amazon.com/saml"')
    expect(defaults).not.toContain('AttributeStatement')
  })

  it('node-saml refuses a foreign audience and an expired assertion (the time fields land where the library reads them)', async () => {
    await expect(validate(await samlResponse(base({ audiences: [['https://other.example/sp']] })))).rejects.toThrow(/audience mismatch/)
    const now = new Date(Date.now() - 10 * 60_000)
    await expect(validate(await samlResponse(base({ now })))).rejects.toThrow(/SAML assertion expired/)
  })
})

describe('IdP metadata', () => {
  it('carries every signing certificate, passes the apply/IAM parser, and is at least 1000 characters', async () => {
    const next = await generateSamlIdp('unused')
    const metadata = samlIdpMetadata(idp, [next.certificatePem])
    expect(metadata.length).toBeGreaterThanOrEqual(1000)
    expect(summariseSamlMetadata(metadata)).toEqual({ entityId: idp.entityId, signingCertificates: [idp.certificateBase64, next.certificateBase64], validUntil: undefined })
  })

  it('pads short metadata to 1000 characters', () => {
    const tiny = { ...idp, certificateBase64: 'MA==' }
    const metadata = samlIdpMetadata(tiny)
    expect(metadata.length).toBeGreaterThanOrEqual(1000)
    expect(metadata).toContain('<md:Organization>')
  })
})
