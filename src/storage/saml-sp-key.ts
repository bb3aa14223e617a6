import { generateKeyPairSync } from 'node:crypto'
import { selfSignedCertificate } from '../credentials/self-signed-certificate.ts'
import type { KeyRing } from './key-ring.ts'
import { isUniqueViolation } from './prisma-errors.ts'

/** stsgate's SAML service-provider key: identity providers encrypt assertions to its certificate. */
export interface SamlSpKey {
  readonly id: string
  /** PKCS#8 PEM. Never log it. */
  readonly privateKeyPem: string
  /** The self-signed certificate published in stsgate's SP metadata. */
  readonly certificatePem: string
}

const PURPOSE = 'saml-sp-encryption'
// One fixed id: instances starting together on an empty key ring make one key between them (the
// loser's insert is a unique violation and it reads the winner's), so every instance decrypts
// what the published certificate encrypted.
const KEY_ID = 'saml-sp-1'
const CERTIFICATE_YEARS = 10

/** The SP key from the key ring, created (RSA-2048, self-signed certificate) the first time. */
export async function samlSpKey(keyRing: KeyRing, now = new Date()): Promise<SamlSpKey> {
  const read = () => keyRing.activeKey(PURPOSE, () => newKey(now))
  let entry
  try {
    entry = await read()
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    entry = await read()
  }
  return { id: entry.id, privateKeyPem: entry.material, certificatePem: entry.publicMaterial! }
}

function newKey(now: Date) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const notAfter = new Date(now)
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERTIFICATE_YEARS)
  return {
    id: KEY_ID,
    algorithm: 'RSA-2048',
    material: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicMaterial: selfSignedCertificate(privateKey, 'stsgate SAML service provider', now, notAfter),
  }
}
