import { arns } from '../iam/arns.ts'
import { changedFields, created, updated } from './plan-builder.ts'
import { indexBy, type AccountContext } from './plan-context.ts'
import type { SnapshotManagedPolicy } from './snapshot.ts'

/** IAM keeps at most five versions of a managed policy (IAM quotas). */
const MAX_VERSIONS = 5

/**
 * Managed policies, matched by name ignoring case. A changed document becomes a new default
 * version v(N+1); with five versions already, the oldest non-default one is dropped first, as
 * CreatePolicyVersion requires. Also records the id of every policy that exists after the apply.
 */
export function planManagedPolicies(ctx: AccountContext): void {
  const { desired, current, plan } = ctx
  const declared = new Set(desired.managedPolicies.map((policy) => policy.nameKey))
  for (const row of current.managedPolicies) {
    if (!declared.has(row.nameKey) && !ctx.pruned.managedPolicies.has(row.id)) {
      ctx.policyIds.set(arns.policy(desired.id, row.path, row.name), row.id)
    }
  }

  const stored = indexBy(current.managedPolicies, (row) => row.nameKey)
  for (const policy of desired.managedPolicies) {
    const existing = stored.get(policy.nameKey)
    const attributes = { name: policy.name, nameKey: policy.nameKey, path: policy.path, description: policy.description }
    if (!existing) {
      const id = ctx.newId('ANPA')
      ctx.policyIds.set(policy.arn, id)
      plan.add('policies', { type: 'policy.create', accountId: desired.id, id, ...attributes, document: policy.document, change: created('managed-policy', policy.arn) })
      continue
    }
    ctx.policyIds.set(policy.arn, existing.id)
    const documentChanged = defaultDocument(existing) !== policy.document
    const fields = changedFields({
      name: existing.name !== policy.name,
      path: existing.path !== policy.path,
      description: existing.description !== policy.description,
      document: documentChanged,
      fromConfig: !existing.fromConfig,
    })
    if (fields.length === 0) continue
    const number = existing.lastVersionNumber + 1
    plan.add('policies', {
      type: 'policy.update',
      id: existing.id,
      ...attributes,
      newVersion: documentChanged
        ? { versionId: `v${number}`, number, document: policy.document, dropVersionId: versionToDrop(existing) }
        : undefined,
      change: updated('managed-policy', policy.arn, fields),
    })
  }
}

function defaultDocument(policy: SnapshotManagedPolicy): string | undefined {
  return policy.versions.find((version) => version.versionId === policy.defaultVersionId)?.document
}

function versionToDrop(policy: SnapshotManagedPolicy): string | undefined {
  if (policy.versions.length < MAX_VERSIONS) return undefined
  const versionNumber = (versionId: string) => Number(versionId.slice(1))
  return policy.versions
    .filter((version) => version.versionId !== policy.defaultVersionId)
    .map((version) => version.versionId)
    .sort((a, b) => versionNumber(a) - versionNumber(b))[0]
}
