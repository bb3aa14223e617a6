import type { PolicyVersion } from '../document.ts'
import { compileGlob, isLiteralGlob, matchGlobRange, type Glob } from '../glob.ts'
import type { RequestContext } from '../request-context.ts'

/** Action patterns of one statement: exact names in a set, wildcard patterns as globs. */
export interface ActionMatcher {
  readonly exact: ReadonlySet<string>
  readonly globs: readonly Glob[]
}

/** Actions compare case-insensitively and take `*`/`?` but no policy variables (reference_policies_elements_action). */
export function compileActions(patterns: readonly string[], version: PolicyVersion): ActionMatcher {
  const exact = new Set<string>()
  const globs: Glob[] = []
  for (const pattern of patterns) {
    const glob = compileGlob(pattern, { version, ignoreCase: true, variables: false })
    const literal = isLiteralGlob(glob)
    if (literal === undefined) globs.push(glob)
    else exact.add(literal)
  }
  return { exact, globs }
}

/** `action` must already be lower-cased. */
export function matchesAction(matcher: ActionMatcher, action: string, context: RequestContext): boolean {
  if (matcher.exact.has(action)) return true
  for (const glob of matcher.globs) if (matchGlobRange(glob, action, 0, action.length, context)) return true
  return false
}
