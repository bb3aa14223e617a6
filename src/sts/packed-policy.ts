import { deflateRawSync } from 'node:zlib'
import { ServiceError } from '../errors.ts'

/**
 * stsgate's packed budget for session policies, policy ARNs and session tags, in compressed
 * bytes. AWS does not publish its own; this one admits any 2048-character policy with ten ARNs
 * and the usual tag sets, and refuses fifty tags of maximum length (sts-wire.md §6.3).
 */
export const PACKED_BUDGET_BYTES = 4_096

/**
 * PackedPolicySize: the percentage of the packed budget the session's policies and tags use.
 * Over 100 is PackedPolicyTooLarge (400).
 */
export function packedPolicySize(policy: string | undefined, policyArns: readonly string[], tags: ReadonlyArray<readonly [string, string]>): number {
  const packed = deflateRawSync(JSON.stringify([policy ?? '', policyArns, tags]))
  const percent = Math.ceil((packed.length * 100) / PACKED_BUDGET_BYTES)
  if (percent > 100) {
    throw new ServiceError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`)
  }
  return percent
}
