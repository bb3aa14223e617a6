import type { z } from 'zod'

/** A problem found by a hand-written validator, located relative to the value it checked. */
export interface ShapeIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
}

/** Hands hand-written validator results to zod, so they come out with every other schema issue. */
export function reportShapeIssues(ctx: z.RefinementCtx, issues: readonly ShapeIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] })
}

export { isPlainObject } from '../is-plain-object.ts'

/** One `unknown key "x"` issue per key outside `allowed`. */
export function unknownKeyIssues(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: readonly (string | number)[],
): ShapeIssue[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ path, message: `unknown key ${JSON.stringify(key)}` }))
}
