import { splitArn } from './arn.ts'

const NOT_AN_ARN = 'expected "*" or an ARN (arn:partition:service:region:account:resource; an ARN with fewer parts must end in *)'

/**
 * Resource and NotResource values: `*` or an ARN, whose parts may hold wildcards and policy
 * variables (`arn:aws:iam::*:user/${aws:username}`). Partition, service and resource must be
 * there; region and account are empty for global services (`arn:aws:s3:::bucket`).
 *
 * "IAM JSON policy elements: Resource", Using wildcards in resource ARNs: "If the * wildcard is the
 * last character of a resource ARN segment, it can expand to match beyond the colon boundaries",
 * so `arn:aws:ec2:*` is a whole pattern; and "You can't use a wildcard in the service segment".
 */
export function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return undefined
  if (!resource.startsWith('arn:')) return NOT_AN_ARN
  const [, partition = '', service = '', ...rest] = resource.split(':')
  if (partition === '' || service === '') return NOT_AN_ARN
  if (/[*?]/.test(service)) return 'a wildcard cannot stand for the service of a resource ARN'
  const arn = splitArn(resource)
  if (arn !== undefined) return arn.resource === '' ? NOT_AN_ARN : undefined
  return rest.length > 0 && resource.endsWith('*') ? undefined : NOT_AN_ARN
}
