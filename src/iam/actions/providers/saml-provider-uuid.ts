import { createHash } from 'node:crypto'
import { base32Encode } from '../../../credentials/base32.ts'

/**
 * GetSAMLProvider's SAMLProviderUUID (model: 22..64 of [A-Z0-9]). The schema keeps no such
 * column, so it is derived from the ARN and creation time: stable for a provider, different for
 * a provider deleted and created again under the same name.
 */
export function samlProviderUuid(arn: string, createdAt: Date): string {
  // 26 base32 characters: the first 130 bits of the digest.
  return base32Encode(createHash('sha256').update(`${arn}\n${createdAt.toISOString()}`).digest()).slice(0, 26)
}
