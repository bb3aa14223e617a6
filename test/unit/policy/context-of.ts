import { RequestContextBuilder } from '../../../src/policy/context-builder.ts'
import type { RequestContext } from '../../../src/policy/request-context.ts'

/** A request context from plain key/values (arrays are multi-valued keys), through the real builder. */
export function contextOf(values: Readonly<Record<string, string | readonly string[]>>): RequestContext {
  const builder = new RequestContextBuilder()
  for (const [key, value] of Object.entries(values)) builder.set(key, value, { multiValued: Array.isArray(value) })
  return builder.build()
}
