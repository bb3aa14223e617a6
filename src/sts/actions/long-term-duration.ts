import type { Caller } from '../caller.ts'

/** GetSessionToken and GetFederationToken default to 12 hours (sts-wire.md §6.2). */
const DEFAULT_SECONDS = 43200
/** The root user's sessions last at most an hour; longer requests are shortened, not refused. */
const ROOT_MAX_SECONDS = 3600

/** The session length of GetSessionToken / GetFederationToken for this caller. */
export function longTermDuration(requested: number | undefined, caller: Caller): number {
  if (caller.principal.type === 'root') return Math.min(requested ?? ROOT_MAX_SECONDS, ROOT_MAX_SECONDS)
  return requested ?? DEFAULT_SECONDS
}
