import { SAML as NodeSaml } from '@node-saml/node-saml'
import { beforeAll, describe, expect, it } from 'vitest'
import { summariseSamlMetadata } from '../../../src/apply/saml-metadata.ts'
import { AWS_SAML_ATTRIBUTE, generateSamlIdp, roleAttribute, roleSessionNameAttribute, SAML, type SamlIdpKeys } from '../../support/saml-idp.ts'
import { startSamlifyIdp, type SamlifyIdp } from '../../support/samlify-idp.ts'

// samlify's Responses, checked with the library stsgate verifies with (node-saml): signatures,
// decryption, nameID and every attribute value must survive the trip between the two.

const SP_ENTITY_ID = 'http://localhost:8080/saml/metadata'
const ACS = 'http://localhost:8080/saml/acs'
const ROLE = 'arn:aws:iam::123456789012:role/Developer'
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/Samlify'
const ATTRIBUTES = [
  roleAttribute(ROLE, PROVIDER, ['arn:aws:iam::123456789012:role/ReadOnly', PROVIDER]),
  roleSessionNameAttribute('alice'),
  [AWS_SAML_ATTRIBUTE.principalTag('team'), ['a&b <c> $& {ID}']],
] as const

let spKey: SamlIdpKeys
let spMetadata: string
let idp: SamlifyIdp

/** The shape stsgate's GET /saml/metadata serves: SPSSODescriptor, HTTP-POST ACS, an encryption key. */
function buildSpMetadata(certificateBase64: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${SP_ENTITY_ID}">` +
    `<md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="${SAML.protocol}">` +
    `<md:KeyDescriptor use="encryption"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<md:EncryptionMethod Algorithm="${SAML.aes256gcm}"/></md:KeyDescriptor>` +
    `<md:NameIDFormat>${SAML.persistent}</md:NameIDFormat>` +
    `<md:AssertionConsumerService Binding="${SAML.postBinding}" Location="${ACS}" index="0" isDefault="true"/></md:SPSSODescriptor></md:EntityDescriptor>`
}

function idpCertificate(metadata: string): string {
  const summary = summariseSamlMetadata(metadata)
  if ('problem' in summary) throw new Error(`samlify metadata refused: ${summary.problem}`)
  return summary.signingCertificates[0]!
}

const validate = (base64: string, cert: string, options: { audience?: string; assertion?: boolean; response?: boolean } = {}) =>
  new NodeSaml({
    idpCert: cert, issuer: 'x', callbackUrl: ACS, audience: options.audience ?? SP_ENTITY_ID,
    wantAssertionsSigned: options.assertion ?? false, wantAuthnResponseSigned: options.response ?? false, decryptionPvk: spKey.privateKeyPem,
  }).validatePostResponseAsync({ SAMLResponse: base64 })

const xmlOf = (base64: string) => Buffer.from(base64, 'base64').toString('utf8')
const signatures = (xml: string) => xml.match(/<ds:Signature[ >]/g)?.length ?? 0

beforeAll(async () => {
  spKey = await generateSamlIdp(SP_ENTITY_ID)
  spMetadata = buildSpMetadata(spKey.certificateBase64)
  idp = await startSamlifyIdp({ entityId: 'https://samlify.example.com/metadata' })
})

describe('samlify IdP', () => {
  it('publishes metadata stsgate can import: its entity id and signing certificate, at least 1000 characters', () => {
    expect(idp.metadata.length).toBeGreaterThanOrEqual(1000)
    expect(idp.metadata).toContain('IDPSSODescriptor')
    expect(summariseSamlMetadata(idp.metadata)).toEqual({ entityId: idp.entityId, signingCertificates: [expect.any(String)], validUntil: undefined })
    expect(idpCertificate(idp.metadata)).toBe(idp.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''))
  })

  it.each([false, true])('makes a Response (encrypted=%s) that node-saml verifies: both signatures, nameID, every attribute value', async (encrypt) => {
    const response = await idp.response({ spMetadata, nameId: 'alice@example.com', attributes: ATTRIBUTES, encrypt })
    const xml = xmlOf(response)
    expect(xml).toMatch(new RegExp(`^<samlp:Response [^>]*Destination="${ACS}"`))
    expect(xml).not.toContain('InResponseTo')
    if (encrypt) {
      expect(xml).toContain('EncryptedAssertion')
      expect(xml).toContain(`Algorithm="${SAML.aes256gcm}"`)
      expect(xml).toContain(`Algorithm="${SAML.rsaOaepMgf1p}"`)
      expect(xml).not.toContain('alice@example.com')
      expect(signatures(xml)).toBe(1) // the assertion's own is inside the ciphertext
    } else {
      expect(xml).toContain(`Recipient="${ACS}"`)
      expect(xml).toContain(`<saml:Audience>${SP_ENTITY_ID}</saml:Audience>`)
      expect(xml).toMatch(/<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="[^"]+"/)
      expect(xml).toMatch(/<saml:Conditions NotBefore="[^"]+" NotOnOrAfter="[^"]+">/)
      expect(signatures(xml)).toBe(2)
    }

    const { profile } = await validate(response, idpCertificate(idp.metadata), { assertion: true, response: true })
    expect(profile).toMatchObject({ issuer: idp.entityId, nameID: 'alice@example.com', nameIDFormat: SAML.persistent })
    expect(profile?.attributes).toEqual({
      [AWS_SAML_ATTRIBUTE.role]: [`${ROLE},${PROVIDER}`, `arn:aws:iam::123456789012:role/ReadOnly,${PROVIDER}`],
      [AWS_SAML_ATTRIBUTE.roleSessionName]: 'alice',
      [AWS_SAML_ATTRIBUTE.principalTag('team')]: 'a&b <c> $& {ID}',
    })
    expect(typeof profile?.sessionIndex).toBe('string')
  })

  it('takes the audience and recipient it is given (AWS values)', async () => {
    const response = await idp.response({
      spMetadata, nameId: 'bob', attributes: ATTRIBUTES, encrypt: true,
      audience: 'urn:amazon:webservices', recipient: 'https://signin.aws.amazon.com/saml',
    })
    expect(xmlOf(response)).toContain('Destination="https://signin.aws.amazon.com/saml"')
    const { profile } = await validate(response, idpCertificate(idp.metadata), { audience: 'urn:amazon:webservices', assertion: true })
    expect(profile?.nameID).toBe('bob')
    expect(profile?.getAssertionXml?.()).toContain('Recipient="https://signin.aws.amazon.com/saml"')
  })

  it('signs only what it is asked to', async () => {
    const responseOnly = await startSamlifyIdp({ signAssertion: false })
    const plain = await responseOnly.response({ spMetadata, nameId: 'carol', attributes: [] })
    expect(signatures(xmlOf(plain))).toBe(1)
    expect(xmlOf(plain)).toMatch(/^<samlp:Response [^>]*><saml:Issuer>[^<]*<\/saml:Issuer><ds:Signature/)
    expect((await validate(plain, idpCertificate(responseOnly.metadata), { response: true })).profile?.nameID).toBe('carol')
    await expect(validate(plain, idpCertificate(responseOnly.metadata), { assertion: true })).rejects.toThrow(/Invalid signature/)

    const assertionOnly = await startSamlifyIdp({ signResponse: false })
    const signedAssertion = await assertionOnly.response({ spMetadata, nameId: 'dave', attributes: [], encrypt: true })
    expect(signatures(xmlOf(signedAssertion))).toBe(0)
    expect((await validate(signedAssertion, idpCertificate(assertionOnly.metadata), { assertion: true })).profile?.nameID).toBe('dave')
    await expect(validate(signedAssertion, idpCertificate(assertionOnly.metadata), { response: true })).rejects.toThrow(/Invalid document signature/)

    await expect(startSamlifyIdp({ signAssertion: false, signResponse: false })).rejects.toThrow(/always signs/)
  })

  it('is refused under another IdP’s certificate', async () => {
    const other = await generateSamlIdp('https://other.example/saml')
    await expect(validate(await idp.response({ spMetadata, nameId: 'eve', attributes: ATTRIBUTES }), other.certificatePem)).rejects.toThrow(/Invalid signature/)
  })
})
