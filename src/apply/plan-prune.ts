import { arns } from '../iam/arns.ts'
import { deleted, type Phase, type PlanBuilder } from './plan-builder.ts'
import type { AccountContext, PrunedRows } from './plan-context.ts'
import type { DeletableTable } from './plan-steps.ts'
import type { SnapshotAccount } from './snapshot.ts'

/**
 * Deletes, in a declared account, the rows a config file created and this one no longer declares.
 * Refuses (as a problem) to delete a user that a key or device not from a config file still
 * belongs to, or a policy still attached to a user or role not from a config file: pruning never
 * removes what it did not create.
 */
export function planPruneInAccount(ctx: AccountContext): void {
  const { current, pruned, plan, desired } = ctx
  const refuse = (what: string, reason: string) => plan.report(desired.at, `cannot delete ${what}, which is no longer declared: ${reason}`)
  const declaredKeys = new Set(desired.accessKeys.map((key) => key.id))
  const declaredDevices = new Set(desired.mfaDevices.map((device) => device.nameKey))
  const declaredUsers = new Set(desired.users.map((user) => user.nameKey))
  const declaredRoles = new Set(desired.roles.map((role) => role.nameKey))

  for (const user of current.users.filter((row) => pruned.users.has(row.id))) {
    const arn = arns.user(current.id, user.path, user.name)
    for (const key of current.accessKeys.filter((row) => row.userId === user.id && !declaredKeys.has(row.id) && !pruned.accessKeys.has(row.id))) {
      refuse(`user ${arn}`, `access key ${key.id} still belongs to it and was not created by a config file`)
    }
    for (const device of current.mfaDevices.filter((row) => row.userId === user.id && !declaredDevices.has(row.nameKey) && !pruned.mfaDevices.has(row.serialNumber))) {
      refuse(`user ${arn}`, `MFA device ${device.serialNumber} is enabled for it and was not created by a config file`)
    }
  }
  const keptUsers = current.users.filter((row) => !declaredUsers.has(row.nameKey) && !pruned.users.has(row.id))
    .map((row) => ({ ...row, arn: arns.user(current.id, row.path, row.name) }))
  const keptRoles = current.roles.filter((row) => !declaredRoles.has(row.nameKey) && !pruned.roles.has(row.id))
    .map((row) => ({ ...row, arn: arns.role(current.id, row.path, row.name) }))
  for (const policy of current.managedPolicies.filter((row) => pruned.managedPolicies.has(row.id))) {
    for (const holder of [...keptUsers, ...keptRoles].filter((row) => row.attachedPolicyIds.includes(policy.id))) {
      refuse(`managed policy ${arns.policy(current.id, policy.path, policy.name)}`, `it is attached to ${holder.arn}, which was not created by a config file`)
    }
  }

  removeRows(plan, current, pruned)
}

/**
 * Deletes an account a config file created and no file declares any more, with everything in it,
 * whoever created it: the account itself goes.
 */
export function planAccountRemoval(plan: PlanBuilder, account: SnapshotAccount): void {
  if (account.alias !== null) plan.add('clearAliases', { type: 'account.setAlias', id: account.id, alias: null })
  removeRows(plan, account, everything(account))
  plan.add('deleteAccounts', { type: 'delete', table: 'account', key: account.id, change: deleted('account', account.id) })
}

function removeRows(plan: PlanBuilder, account: SnapshotAccount, selected: PrunedRows): void {
  const id = account.id
  const remove = (phase: Phase, set: ReadonlySet<string>, table: DeletableTable, key: string, kind: string, reportedId: string) => {
    if (set.has(key)) plan.add(phase, { type: 'delete', table, key, change: deleted(kind, reportedId) })
  }
  for (const row of account.mappingRules) remove('deleteRules', selected.mappingRules, 'mappingRule', row.id, 'mapping-rule', `${id}/${row.name}`)
  for (const row of account.samlProviders) remove('deleteProviders', selected.samlProviders, 'samlProvider', row.arn, 'saml-provider', row.arn)
  for (const row of account.oidcProviders) remove('deleteProviders', selected.oidcProviders, 'oidcProvider', row.arn, 'oidc-provider', row.arn)
  for (const row of account.accessKeys) remove('deleteCredentials', selected.accessKeys, 'accessKey', row.id, 'access-key', row.id)
  for (const row of account.mfaDevices) {
    remove('deleteCredentials', selected.mfaDevices, 'mfaDevice', row.serialNumber, 'mfa-device', row.serialNumber)
  }
  for (const row of account.users) remove('deletePrincipals', selected.users, 'user', row.id, 'user', arns.user(id, row.path, row.name))
  for (const row of account.roles) remove('deletePrincipals', selected.roles, 'role', row.id, 'role', arns.role(id, row.path, row.name))
  for (const row of account.managedPolicies) {
    remove('deletePolicies', selected.managedPolicies, 'managedPolicy', row.id, 'managed-policy', arns.policy(id, row.path, row.name))
  }
}

function everything(account: SnapshotAccount): PrunedRows {
  const keys = <R>(rows: readonly R[], key: (row: R) => string) => new Set(rows.map(key))
  return {
    managedPolicies: keys(account.managedPolicies, (row) => row.id),
    users: keys(account.users, (row) => row.id),
    roles: keys(account.roles, (row) => row.id),
    accessKeys: keys(account.accessKeys, (row) => row.id),
    mfaDevices: keys(account.mfaDevices, (row) => row.serialNumber),
    samlProviders: keys(account.samlProviders, (row) => row.arn),
    oidcProviders: keys(account.oidcProviders, (row) => row.arn),
    mappingRules: keys(account.mappingRules, (row) => row.id),
  }
}
