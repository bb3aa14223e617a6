import { generateUniqueId, type UniqueIdPrefix } from '../credentials/unique-id.ts'
import type { ConfigIssue } from './config-file-error.ts'
import type { DesiredAccount, DesiredState } from './desired-state.ts'
import { created, PlanBuilder, updated } from './plan-builder.ts'
import { emptyAccount, prunedRows, type AccountContext } from './plan-context.ts'
import { planAccessKeys, planMfaDevices } from './plan-credentials.ts'
import { planMappingRules, planOidcProviders, planSamlProviders } from './plan-federation.ts'
import { planManagedPolicies } from './plan-policies.ts'
import { planRoles, planUsers } from './plan-principals.ts'
import { planAccountRemoval, planPruneInAccount } from './plan-prune.ts'
import type { PlannedChange, Step } from './plan-steps.ts'
import type { Snapshot, SnapshotAccount } from './snapshot.ts'

export interface PlanOptions {
  readonly prune: boolean
  /** The clock, for defaults that depend on it (a SAML provider's validUntil). */
  readonly now: Date
  /** Unique-id source; tests pass a deterministic one. */
  readonly newId?: (prefix: UniqueIdPrefix) => string
}

export type PlanOutcome =
  | { readonly steps: readonly Step[]; readonly changes: readonly PlannedChange[] }
  | { readonly issues: readonly ConfigIssue[] }

/**
 * The writes that make the database match the file: a pure function of the desired state and a
 * snapshot of the current one. Steps come in an order that respects foreign keys; `changes` is
 * their report. Problems only the database reveals (an ARN that names nothing, an alias or key id
 * held by another account, a prune that would orphan rows not from a config file) come back as
 * issues, and then there is no plan.
 */
export function computePlan(desired: DesiredState, snapshot: Snapshot, options: PlanOptions): PlanOutcome {
  const plan = new PlanBuilder()
  const declared = new Set(desired.accounts.map((account) => account.id))
  const removed = options.prune
    ? [...snapshot.accounts.values()].filter((account) => account.fromConfig && !declared.has(account.id))
    : []

  for (const account of desired.accounts) {
    const stored = snapshot.accounts.get(account.id)
    planAccountRow(plan, account, stored, snapshot, desired, removed)
    const current = stored ?? emptyAccount(account.id)
    const ctx: AccountContext = {
      desired: account,
      current,
      snapshot,
      plan,
      now: options.now,
      newId: options.newId ?? generateUniqueId,
      pruned: prunedRows(account, current, options.prune),
      policyIds: new Map(),
      userIds: new Map(),
    }
    planManagedPolicies(ctx)
    planUsers(ctx)
    planRoles(ctx)
    planAccessKeys(ctx)
    planMfaDevices(ctx)
    planSamlProviders(ctx)
    planOidcProviders(ctx)
    planMappingRules(ctx)
    if (options.prune) planPruneInAccount(ctx)
  }
  for (const account of removed) planAccountRemoval(plan, account)

  if (plan.issues.length > 0) return { issues: plan.issues }
  const steps = plan.steps()
  return { steps, changes: steps.flatMap((step) => (step.change ? [step.change] : [])) }
}

/**
 * Creates the account or updates its alias. An account the file did not create is not marked
 * fromConfig: pruning deletes whole accounts, and must never delete one it did not create.
 */
function planAccountRow(
  plan: PlanBuilder,
  account: DesiredAccount,
  current: SnapshotAccount | undefined,
  snapshot: Snapshot,
  desired: DesiredState,
  removed: readonly SnapshotAccount[],
): void {
  const alias = account.alias
  if (alias) {
    const holder = snapshot.aliasAccounts.get(alias)
    const holderLetsGo = removed.some((candidate) => candidate.id === holder) ||
      desired.accounts.some((other) => other.id === holder && other.alias !== undefined && other.alias !== alias)
    if (holder !== undefined && holder !== account.id && !holderLetsGo) {
      plan.report(`${account.at}.alias`, `${JSON.stringify(alias)} is already the alias of account ${holder}`)
    }
  }
  if (!current) {
    plan.add('accounts', { type: 'account.create', id: account.id, alias: alias ?? null, change: created('account', account.id) })
    return
  }
  if (alias === undefined || alias === current.alias) return
  // Free the old alias first: another account of this file may be taking it.
  if (current.alias !== null && alias !== null) plan.add('clearAliases', { type: 'account.setAlias', id: account.id, alias: null })
  plan.add('accounts', { type: 'account.setAlias', id: account.id, alias, change: updated('account', account.id, ['alias']) })
}
