import { createHash } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * GetSAMLProvider's SAMLProviderUUID (model: 22..64 of [A-Z0-9]). The schema keeps no such
 * column, so it is derived from the ARN and creation time: stable for a provider, different for
 * a provider deleted and created again under the same name.
 */
export function samlProviderUuid(arn: string, createdAt: Date): string {
  const digest = createHash('sha256').update(`${arn}\n${createdAt.toISOString()}`).digest()
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of digest) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}
