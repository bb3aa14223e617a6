import type { Prisma } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'
import { accessKeySecretContext, mfaSeedContext } from '../secret-contexts.ts'
import type { DesiredState } from '../../apply/desired-state.ts'
import type { Snapshot, SnapshotAccount } from '../../apply/snapshot.ts'

/** The client an apply reads and writes through: always the interactive transaction's. */
export type ApplyDb = Prisma.TransactionClient

/**
 * Reads what the plan compares the file with: every row of the declared accounts (and, when
 * pruning, of every account a config file created), plus where declared access key ids and
 * aliases are in use elsewhere. Opens the sealed secret of each declared access key and the seed
 * of each declared MFA device, so the plan can compare them with the file.
 */
export async function loadSnapshot(db: ApplyDb, desired: DesiredState, secrets: SecretBox, prune: boolean): Promise<Snapshot> {
  const declaredAccounts = desired.accounts.map((account) => account.id)
  const accounts = await db.account.findMany({
    where: { OR: [{ id: { in: declaredAccounts } }, ...(prune ? [{ fromConfig: true }] : [])] },
    orderBy: { id: 'asc' },
  })
  const inAccounts = { accountId: { in: accounts.map((account) => account.id) } }
  const policies = await db.managedPolicy.findMany({
    where: inAccounts,
    include: { versions: { select: { versionId: true, document: true } } },
    orderBy: { nameKey: 'asc' },
  })
  const principalInclude = { inlinePolicies: { select: { name: true, document: true } }, attachedPolicies: { select: { policyId: true } } }
  const users = await db.iamUser.findMany({ where: inAccounts, include: principalInclude, orderBy: { nameKey: 'asc' } })
  const roles = await db.role.findMany({ where: inAccounts, include: principalInclude, orderBy: { nameKey: 'asc' } })
  const keys = await db.accessKey.findMany({ where: inAccounts, orderBy: { id: 'asc' } })
  const devices = await db.mfaDevice.findMany({ where: inAccounts, orderBy: { nameKey: 'asc' } })
  const samlProviders = await db.samlProvider.findMany({ where: inAccounts, orderBy: { arn: 'asc' } })
  const oidcProviders = await db.oidcProvider.findMany({ where: inAccounts, orderBy: { arn: 'asc' } })
  const rules = await db.mappingRule.findMany({ where: inAccounts, orderBy: { name: 'asc' } })

  const declaredKeys = new Set(desired.accounts.flatMap((account) => account.accessKeys.map((key) => key.id)))
  const declaredDevices = new Set(desired.accounts.flatMap((account) => account.mfaDevices.map((device) => `${account.id}/${device.nameKey}`)))
  const open = (sealed: string, context: string): string | undefined => {
    try {
      return secrets.open(sealed, context)
    } catch {
      return undefined // unreadable: the plan re-seals the declared value
    }
  }
  const principal = (row: (typeof users)[number] | (typeof roles)[number]) => ({
    id: row.id,
    name: row.name,
    nameKey: row.nameKey,
    path: row.path,
    permissionsBoundaryArn: row.permissionsBoundaryArn,
    tags: row.tags,
    inlinePolicies: row.inlinePolicies,
    attachedPolicyIds: row.attachedPolicies.map((attachment) => attachment.policyId),
    fromConfig: row.fromConfig,
  })
  const of = <T extends { accountId: string }>(rows: readonly T[], accountId: string) => rows.filter((row) => row.accountId === accountId)

  const snapshotAccounts = new Map<string, SnapshotAccount>(accounts.map((account) => [account.id, {
    id: account.id,
    alias: account.alias,
    fromConfig: account.fromConfig,
    managedPolicies: of(policies, account.id),
    users: of(users, account.id).map(principal),
    roles: of(roles, account.id).map((role) => ({ ...principal(role), description: role.description, trustPolicy: role.trustPolicy, maxSessionDuration: role.maxSessionDuration })),
    accessKeys: of(keys, account.id).map((key) => ({
      id: key.id,
      userId: key.userId,
      secret: declaredKeys.has(key.id) ? open(key.secretCiphertext, accessKeySecretContext(key.id)) : undefined,
      status: key.status,
      fromConfig: key.fromConfig,
    })),
    mfaDevices: of(devices, account.id).map((device) => ({
      serialNumber: device.serialNumber,
      name: device.name,
      nameKey: device.nameKey,
      path: device.path,
      userId: device.userId,
      seed: declaredDevices.has(`${account.id}/${device.nameKey}`) ? open(device.seedCiphertext, mfaSeedContext(device.serialNumber)) : undefined,
      fromConfig: device.fromConfig,
    })),
    samlProviders: of(samlProviders, account.id),
    oidcProviders: of(oidcProviders, account.id),
    mappingRules: of(rules, account.id),
  }]))

  const keyOwners = await db.accessKey.findMany({ where: { id: { in: [...declaredKeys] } }, select: { id: true, accountId: true } })
  const aliases = desired.accounts.flatMap((account) => (account.alias ? [account.alias] : []))
  const aliasOwners = await db.account.findMany({ where: { alias: { in: aliases } }, select: { id: true, alias: true } })
  return {
    accounts: snapshotAccounts,
    accessKeyAccounts: new Map(keyOwners.map((key) => [key.id, key.accountId])),
    aliasAccounts: new Map(aliasOwners.map((owner) => [owner.alias!, owner.id])),
  }
}
