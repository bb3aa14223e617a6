import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * Seals secrets at rest with AES-256-GCM under the master key. The `context` (e.g.
 * `access-key:AKIA…`) is bound as additional authenticated data, so a sealed value copied into
 * another row does not open. Sealed form: `v1.<base64url(iv | tag | ciphertext)>`.
 */
export class SecretBox {
  readonly #key: Buffer

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes')
    this.#key = Buffer.from(masterKey)
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`
  }

  /** Throws when the value was not sealed by this key for this context. */
  open(sealed: string, context: string): string {
    const [version, body] = sealed.split('.', 2)
    if (version !== VERSION || body === undefined) throw new Error('not a sealed value')
    const bytes = Buffer.from(body, 'base64url')
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed value')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  }

  /** A value that identifies the key without revealing it (stored to catch a wrong master key). */
  checkValue(): string {
    return createHmac('sha256', this.#key).update('stsgate master key check v1').digest('hex')
  }
}
