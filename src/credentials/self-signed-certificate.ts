import { createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto'

/**
 * A self-signed X.509 v3 certificate (RFC 5280) for an RSA key, sha256WithRSAEncryption, in PEM:
 * what SAML metadata carries to publish a public key (identity providers encrypt assertions to
 * it). No extensions: nothing reads them from a metadata certificate. Node can parse and verify
 * certificates but not make one; the DER is small enough to write here rather than pull in an
 * ASN.1 library.
 */
export function selfSignedCertificate(privateKey: KeyObject, commonName: string, notBefore: Date, notAfter: Date): string {
  const name = sequence(set(sequence(OID_COMMON_NAME, utf8String(commonName))))
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serialNumber()),
    SHA256_WITH_RSA,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
  )
  const certificate = sequence(tbs, SHA256_WITH_RSA, bitString(sign('sha256', tbs, privateKey)))
  const base64 = certificate.toString('base64').replace(/.{1,64}/g, '$&\n')
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`
}

const OID_COMMON_NAME = Buffer.from('0603550403', 'hex') // 2.5.4.3
const SHA256_WITH_RSA = Buffer.from('300d06092a864886f70d01010b0500', 'hex') // 1.2.840.113549.1.1.11, NULL

/** A positive 16-byte serial: random, top bit clear so the INTEGER needs no sign byte. */
function serialNumber(): Buffer {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0]! & 0x7f) | 0x01
  return bytes
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length
  const header = length < 0x80 ? Buffer.from([tag, length])
    : length < 0x100 ? Buffer.from([tag, 0x81, length])
    : Buffer.from([tag, 0x82, length >> 8, length & 0xff])
  return Buffer.concat([header, content])
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items))
const integer = (value: Buffer) => tlv(0x02, value)
const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'))
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]))
const explicit = (number: number, content: Buffer) => tlv(0xa0 + number, content)

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`))
}
