import { ServiceError } from '../errors.ts'
import { compilePolicy } from '../policy/index.ts'
import type { PermissionSource } from './caller-permissions.ts'
import { packedPolicySize } from './packed-policy.ts'

export interface SessionPolicyInput {
  readonly policy: string | undefined
  readonly policyArns: readonly string[]
  readonly tags: ReadonlyArray<readonly [string, string]>
}

/**
 * Checks the session policies and tags a caller passed: the inline policy must be a valid
 * session policy (MalformedPolicyDocument), each ARN a managed policy this service has
 * (InvalidParameterValue), and together they must fit the packed budget (PackedPolicyTooLarge).
 * Returns PackedPolicySize, or undefined when nothing was passed (AWS then omits it).
 */
export async function checkSessionPolicies(input: SessionPolicyInput, source: PermissionSource): Promise<number | undefined> {
  if (input.policy !== undefined) compilePolicy(input.policy, 'session', 'session')
  for (const arn of input.policyArns) {
    if (!(await source.managedPolicy(arn))) throw new ServiceError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`)
  }
  if (input.policy === undefined && input.policyArns.length === 0 && input.tags.length === 0) return undefined
  return packedPolicySize(input.policy, input.policyArns, input.tags)
}
