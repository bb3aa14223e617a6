import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { selfSignedCertificate } from '../../../src/credentials/self-signed-certificate.ts'

describe('self-signed certificate', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })

  it('is an X.509 certificate of the key, signed by it, for the given name and validity', () => {
    const pem = selfSignedCertificate(privateKey, 'stsgate SAML service provider', new Date('2026-12-06T10:00:00Z'), new Date('2036-12-06T10:00:00Z'))
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/)
    const certificate = new X509Certificate(pem)
    expect(certificate.subject).toBe('CN=stsgate SAML service provider')
    expect(certificate.issuer).toBe(certificate.subject)
    expect(certificate.validFrom).toBe('Dec  6 10:00:00 2026 GMT')
    expect(certificate.validTo).toBe('Dec  6 10:00:00 2036 GMT')
    expect(certificate.publicKey.equals(publicKey)).toBe(true)
    expect(certificate.verify(publicKey)).toBe(true)
    expect(certificate.ca).toBe(false)
  })

  it('writes dates from 2050 on as GeneralizedTime, and a fresh positive serial each time', () => {
    const later = new X509Certificate(selfSignedCertificate(privateKey, 'x', new Date('2049-12-31T23:59:59Z'), new Date('2050-01-01T00:00:00Z')))
    expect(later.validTo).toBe('Jan  1 00:00:00 2050 GMT')
    const serials = new Set(Array.from({ length: 20 }, () => new X509Certificate(selfSignedCertificate(privateKey, 'x', new Date(), new Date(Date.now() + 1e9))).serialNumber))
    expect(serials.size).toBe(20)
    for (const serial of serials) expect(Number.parseInt(serial.slice(0, 2), 16)).toBeLessThan(0x80)
  })
})
