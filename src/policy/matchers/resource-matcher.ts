import { splitArn, type ArnParts } from '../arn.ts'
import type { PolicyVersion } from '../document.ts'
import { compileGlob, isLiteralGlob, matchGlob, matchGlobRange, type Glob } from '../glob.ts'
import type { RequestContext } from '../request-context.ts'

const SEGMENTS = ['partition', 'service', 'region', 'account', 'resource'] as const

/**
 * One Resource pattern: `*`; one glob per ARN segment, so a wildcard never spans the colon
 * between segments; or a short pattern whose last part ends in `*` (`arn:aws:ec2:*`), which
 * matches the rest of the ARN, colons included.
 */
type ResourcePattern =
  | { readonly form: 'any' }
  | { readonly form: 'segments'; readonly segments: readonly Glob[]; readonly literal: string | undefined }
  | { readonly form: 'open-ended'; readonly leading: readonly Glob[]; readonly rest: Glob }
  | { readonly form: 'never' }

export type ResourceMatcher = readonly ResourcePattern[]

/**
 * Resource ARNs match segment by segment, case-sensitively, with `*`/`?` and (under 2012-10-17)
 * policy variables; "if the * wildcard is the last character of a resource ARN segment, it can
 * expand to match beyond colon boundaries" (reference_policies_elements_resource, "Using
 * wildcards in resource ARNs").
 */
export function compileResources(patterns: readonly string[], version: PolicyVersion): ResourceMatcher {
  const glob = (text: string) => compileGlob(text, { version, ignoreCase: false, variables: true })
  return patterns.map((pattern): ResourcePattern => {
    if (pattern === '*') return { form: 'any' }
    const parts = splitArn(pattern)
    if (parts) {
      const segments = SEGMENTS.map((name) => glob(parts[name]))
      const literal = segments.every((segment) => isLiteralGlob(segment) !== undefined) ? pattern : undefined
      return { form: 'segments', segments, literal }
    }
    const short = pattern.split(':').slice(1)
    if (pattern.startsWith('arn:') && short.length >= 1 && short.at(-1)!.endsWith('*')) {
      return { form: 'open-ended', leading: short.slice(0, -1).map(glob), rest: glob(short.at(-1)!) }
    }
    return { form: 'never' } // the parser refuses such patterns; kept total for compileDocument callers
  })
}

/** `arn` is the request's resource split once per decision (undefined when it is not an ARN, e.g. `*`). */
export function matchesResource(matcher: ResourceMatcher, resource: string, arn: ArnParts | undefined, context: RequestContext): boolean {
  for (const pattern of matcher) {
    switch (pattern.form) {
      case 'any':
        return true
      case 'segments': {
        if (pattern.literal !== undefined) {
          if (pattern.literal === resource) return true
          break
        }
        if (arn === undefined) break
        const [partition, service, region, account, rest] = pattern.segments as [Glob, Glob, Glob, Glob, Glob]
        if (
          matchGlob(partition, arn.partition, context) && matchGlob(service, arn.service, context) &&
          matchGlob(region, arn.region, context) && matchGlob(account, arn.account, context) &&
          matchGlob(rest, arn.resource, context)
        ) return true
        break
      }
      case 'open-ended':
        if (arn !== undefined && matchesOpenEnded(pattern.leading, pattern.rest, resource, arn, context)) return true
        break
      case 'never':
        break
    }
  }
  return false
}

function matchesOpenEnded(leading: readonly Glob[], rest: Glob, resource: string, arn: ArnParts, context: RequestContext): boolean {
  for (let i = 0; i < leading.length; i++) if (!matchGlob(leading[i]!, arn[SEGMENTS[i]!], context)) return false
  // The rest starts after `arn:` and one colon per leading segment.
  let start = 4
  for (let i = 0; i < leading.length; i++) start = resource.indexOf(':', start) + 1
  return matchGlobRange(rest, resource, start, resource.length, context)
}
