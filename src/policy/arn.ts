/** The six parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface ArnParts {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  /** Everything after the fifth colon; may itself contain colons and slashes. */
  readonly resource: string
}

/**
 * Splits an ARN (or an ARN pattern with wildcards) at its first five colons. Undefined when it
 * does not start with `arn:` or has fewer than six parts. Does not judge the parts' content.
 */
export function splitArn(text: string): ArnParts | undefined {
  if (!text.startsWith('arn:')) return undefined
  const parts: string[] = []
  let start = 4
  for (let i = 0; i < 4; i++) {
    const colon = text.indexOf(':', start)
    if (colon < 0) return undefined
    parts.push(text.slice(start, colon))
    start = colon + 1
  }
  const [partition, service, region, account] = parts as [string, string, string, string]
  return { partition, service, region, account, resource: text.slice(start) }
}
