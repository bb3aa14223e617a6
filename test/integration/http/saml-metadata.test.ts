import { randomBytes, X509Certificate } from 'node:crypto'
import { DOMParser } from '@xmldom/xmldom'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyRing } from '../../../src/storage/key-ring.ts'
import { samlSpKey } from '../../../src/storage/saml-sp-key.ts'
import { SecretBox } from '../../../src/storage/secret-box.ts'
import { backend, openTestDatabase } from '../../support/database.ts'
import { startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata'

describe(`stsgate's SAML service-provider metadata on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer('accounts: []\n', { STSGATE_PUBLIC_URL: 'https://sts.example.com/' }) })
  afterAll(() => server?.close())

  it('is served at /saml/metadata: entity id, HTTP-POST ACS, the encryption certificate and the only algorithms stsgate decrypts', async () => {
    const response = await fetch(`${server.url}/saml/metadata`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/samlmetadata\+xml/)
    const root = new DOMParser().parseFromString(await response.text(), 'text/xml').documentElement!
    expect(root.namespaceURI).toBe(MD)
    expect(root.getAttribute('entityID')).toBe('https://sts.example.com/saml/metadata')
    const descriptor = root.getElementsByTagNameNS(MD, 'SPSSODescriptor')[0]!
    expect(descriptor.getAttribute('WantAssertionsSigned')).toBe('true')
    const acs = descriptor.getElementsByTagNameNS(MD, 'AssertionConsumerService')[0]!
    expect([acs.getAttribute('Binding'), acs.getAttribute('Location')]).toEqual(['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'https://sts.example.com/saml/acs'])
    const key = descriptor.getElementsByTagNameNS(MD, 'KeyDescriptor')[0]!
    expect(key.getAttribute('use')).toBe('encryption')
    expect(Array.from(key.getElementsByTagNameNS(MD, 'EncryptionMethod')).map((method) => method.getAttribute('Algorithm'))).toEqual([
      'http://www.w3.org/2009/xmlenc11#aes256-gcm', 'http://www.w3.org/2009/xmlenc11#aes128-gcm', 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    ])
    const published = new X509Certificate(Buffer.from(key.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'X509Certificate')[0]!.textContent!, 'base64'))
    const stored = await server.database.db.prisma.keyRingKey.findUniqueOrThrow({ where: { id: 'saml-sp-1' } })
    expect(stored.purpose).toBe('saml-sp-encryption')
    expect(published.raw.equals(new X509Certificate(stored.publicMaterial!).raw)).toBe(true)
    expect(published.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 })
  })
})

describe(`stsgate's SAML SP key on ${backend}`, () => {
  it('is made once: instances starting together on an empty key ring end up with the same key', async () => {
    const database = await openTestDatabase()
    try {
      const secrets = new SecretBox(randomBytes(32))
      const keys = await Promise.all(Array.from({ length: 4 }, () => samlSpKey(new KeyRing(database.db.prisma, secrets))))
      expect(new Set(keys.map((key) => key.certificatePem)).size).toBe(1)
      expect(await database.db.prisma.keyRingKey.count({ where: { purpose: 'saml-sp-encryption' } })).toBe(1)
      // The private key never sits in the row in the clear.
      const row = await database.db.prisma.keyRingKey.findUniqueOrThrow({ where: { id: 'saml-sp-1' } })
      expect(row.materialCiphertext).not.toContain('PRIVATE KEY')
      expect((await samlSpKey(new KeyRing(database.db.prisma, secrets))).privateKeyPem).toBe(keys[0]!.privateKeyPem)
    } finally {
      await database.close()
    }
  })
})
