import type { UniqueIdPrefix } from '../credentials/unique-id.ts'
import type { DesiredAccount } from './desired-state.ts'
import type { PlanBuilder } from './plan-builder.ts'
import type { Snapshot, SnapshotAccount } from './snapshot.ts'

/** What planning one declared account needs; the id maps fill up as planning proceeds. */
export interface AccountContext {
  readonly desired: DesiredAccount
  /** The account as stored; empty when it does not exist yet. */
  readonly current: SnapshotAccount
  readonly snapshot: Snapshot
  readonly plan: PlanBuilder
  readonly now: Date
  readonly newId: (prefix: UniqueIdPrefix) => string
  /** Rows this apply deletes: from a config file, no longer declared, and pruning. */
  readonly pruned: PrunedRows
  /** Managed policy id by ARN, for every policy of the account that exists after the apply. */
  readonly policyIds: Map<string, string>
  /** User id by nameKey, for declared users. */
  readonly userIds: Map<string, string>
}

export interface PrunedRows {
  readonly managedPolicies: ReadonlySet<string>
  readonly users: ReadonlySet<string>
  readonly roles: ReadonlySet<string>
  readonly accessKeys: ReadonlySet<string>
  readonly mfaDevices: ReadonlySet<string>
  readonly samlProviders: ReadonlySet<string>
  readonly oidcProviders: ReadonlySet<string>
  readonly mappingRules: ReadonlySet<string>
}

/** How a declared account that does not exist yet looks: empty. */
export function emptyAccount(id: string): SnapshotAccount {
  return {
    id, alias: null, fromConfig: false, managedPolicies: [], users: [], roles: [], accessKeys: [], mfaDevices: [],
    samlProviders: [], oidcProviders: [], mappingRules: [],
  }
}

/** The keys (ids, serial numbers, ARNs) of the rows of `current` that pruning deletes. */
export function prunedRows(desired: DesiredAccount, current: SnapshotAccount, prune: boolean): PrunedRows {
  const select = <R extends { fromConfig: boolean }>(rows: readonly R[], declaredList: readonly string[], identity: (row: R) => string, key: (row: R) => string) => {
    const declared = new Set(declaredList)
    return new Set(prune ? rows.filter((row) => row.fromConfig && !declared.has(identity(row))).map(key) : [])
  }
  const nameKeys = (rows: readonly { nameKey: string }[]) => rows.map((row) => row.nameKey)
  return {
    managedPolicies: select(current.managedPolicies, nameKeys(desired.managedPolicies), (row) => row.nameKey, (row) => row.id),
    users: select(current.users, nameKeys(desired.users), (row) => row.nameKey, (row) => row.id),
    roles: select(current.roles, nameKeys(desired.roles), (row) => row.nameKey, (row) => row.id),
    accessKeys: select(current.accessKeys, desired.accessKeys.map((key) => key.id), (row) => row.id, (row) => row.id),
    mfaDevices: select(current.mfaDevices, nameKeys(desired.mfaDevices), (row) => row.nameKey, (row) => row.serialNumber),
    samlProviders: select(current.samlProviders, desired.samlProviders.map((provider) => provider.arn), (row) => row.arn, (row) => row.arn),
    oidcProviders: select(current.oidcProviders, desired.oidcProviders.map((provider) => provider.arn), (row) => row.arn, (row) => row.arn),
    mappingRules: select(current.mappingRules, desired.mappingRules.map((rule) => rule.name), (row) => row.name, (row) => row.id),
  }
}

/** Rows by a key, for matching declared resources to stored ones without a scan per declaration. */
export function indexBy<R>(rows: readonly R[], key: (row: R) => string): ReadonlyMap<string, R> {
  return new Map(rows.map((row) => [key(row), row]))
}
