import type { ConfigIssue } from './config-file-error.ts'
import type { PlannedChange, Step } from './plan-steps.ts'

/**
 * Execution order. Writes go parents first (an attachment needs its policy, a key its user); deletes
 * go children first (keys and devices before their user, users and roles before the policies they
 * had attached). Aliases are cleared before any is set, so two accounts can swap theirs.
 */
const PHASES = [
  'clearAliases', 'accounts', 'policies', 'principals', 'credentials', 'providers', 'rules',
  'deleteRules', 'deleteProviders', 'deleteCredentials', 'deletePrincipals', 'deletePolicies', 'deleteAccounts',
] as const

export type Phase = (typeof PHASES)[number]

/** Collects steps by phase and the problems only the database reveals. */
export class PlanBuilder {
  readonly #steps = new Map<Phase, Step[]>(PHASES.map((phase) => [phase, []]))
  readonly issues: ConfigIssue[] = []

  add(phase: Phase, step: Step): void {
    this.#steps.get(phase)!.push(step)
  }

  report(path: string, message: string): void {
    this.issues.push({ path, message })
  }

  steps(): Step[] {
    return PHASES.flatMap((phase) => this.#steps.get(phase)!)
  }
}

/** `{ tags: true, path: false }` -> `['tags']`: the names of what changed, in declaration order. */
export function changedFields(changes: Readonly<Record<string, boolean>>): string[] {
  return Object.entries(changes).filter(([, changed]) => changed).map(([field]) => field)
}

export const created = (kind: string, id: string): PlannedChange => ({ action: 'create', kind, id })
export const updated = (kind: string, id: string, fields: readonly string[]): PlannedChange => ({ action: 'update', kind, id, fields })
export const deleted = (kind: string, id: string): PlannedChange => ({ action: 'delete', kind, id })
