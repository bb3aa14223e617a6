import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** One AES-256-GCM key from the key ring; `id` travels in the envelope so retired keys still open. */
export interface SealingKey {
  readonly id: string
  readonly key: Buffer
}

const FORMAT = 1
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_ID = /^[A-Za-z0-9-]{1,64}$/

/**
 * `format | keyIdLength | keyId | iv | AES-256-GCM(plaintext) | tag`. The header is
 * authenticated together with `aad`, so an edited key id, or the envelope presented in another
 * context (another access key id, another account), does not open.
 */
export function sealEnvelope(plaintext: Buffer, aad: string, key: SealingKey): Buffer {
  if (!KEY_ID.test(key.id)) throw new Error(`unusable sealing key id ${key.id}`)
  const header = Buffer.concat([Buffer.from([FORMAT, key.id.length]), Buffer.from(key.id, 'ascii')])
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([header, iv, body, cipher.getAuthTag()])
}

/** The key id an envelope names, or undefined when the bytes are not an envelope. */
export function envelopeKeyId(envelope: Buffer): string | undefined {
  if (envelope.length < 2 + IV_BYTES + TAG_BYTES || envelope[0] !== FORMAT) return undefined
  const id = envelope.subarray(2, 2 + envelope[1]!).toString('ascii')
  return KEY_ID.test(id) && envelope.length >= 2 + id.length + IV_BYTES + TAG_BYTES ? id : undefined
}

/** The plaintext, or undefined when the envelope does not authenticate under `key` and `aad`. */
export function openEnvelope(envelope: Buffer, aad: string, key: SealingKey): Buffer | undefined {
  if (envelopeKeyId(envelope) !== key.id) return undefined
  const headerLength = 2 + envelope[1]!
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, envelope.subarray(headerLength, headerLength + IV_BYTES))
    decipher.setAAD(Buffer.concat([envelope.subarray(0, headerLength), Buffer.from(aad, 'utf8')]))
    decipher.setAuthTag(envelope.subarray(envelope.length - TAG_BYTES))
    return Buffer.concat([decipher.update(envelope.subarray(headerLength + IV_BYTES, envelope.length - TAG_BYTES)), decipher.final()])
  } catch {
    return undefined
  }
}
