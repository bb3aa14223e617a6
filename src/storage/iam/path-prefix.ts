/**
 * A Prisma filter for "path starts with `prefix`". Prisma's startsWith is a LIKE whose `_` and
 * `%` stay wildcards, and IAM paths may contain both (`/a_` must not match `/axb/`), so they are
 * escaped with LIKE's default escape character.
 */
export function pathStartsWith(prefix: string): { startsWith: string } {
  return { startsWith: prefix.replace(/[\\%_]/g, '\\$&') }
}
