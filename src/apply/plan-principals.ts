import { arns } from '../iam/arns.ts'
import { REVOCATION_POLICY_NAME } from '../iam/session-revocation.ts'
import type { DesiredRole, DesiredUser, Reference } from './desired-state.ts'
import { changedFields, created, updated } from './plan-builder.ts'
import { indexBy, type AccountContext } from './plan-context.ts'
import type { PolicyLinks, PrincipalAttributes, RoleAttributes } from './plan-steps.ts'
import { sameJson } from './same-json.ts'
import type { SnapshotRole, SnapshotUser } from './snapshot.ts'

/**
 * Users, matched by name ignoring case. The file is authoritative for a declared user's
 * attributes, tags, inline policies and attachments; its keys and devices are planned separately.
 */
export function planUsers(ctx: AccountContext): void {
  const stored = indexBy(ctx.current.users, (row) => row.nameKey)
  for (const user of ctx.desired.users) {
    const existing = stored.get(user.nameKey)
    const id = existing?.id ?? ctx.newId('AIDA')
    ctx.userIds.set(user.nameKey, id)
    const attributes = principalAttributes(user)
    const { links, fields } = principalDiff(ctx, existing, user)
    if (!existing) {
      ctx.plan.add('principals', { type: 'user.create', accountId: ctx.desired.id, id, attributes, links, change: created('user', user.arn) })
    } else if (fields.length > 0) {
      ctx.plan.add('principals', { type: 'user.update', id, attributes, links, change: updated('user', user.arn, fields) })
    }
  }
}

/** Roles, as users, plus description, trust policy and maximum session duration. */
export function planRoles(ctx: AccountContext): void {
  const stored = indexBy(ctx.current.roles, (row) => row.nameKey)
  for (const role of ctx.desired.roles) {
    const existing = stored.get(role.nameKey)
    const attributes: RoleAttributes = {
      ...principalAttributes(role),
      description: role.description,
      trustPolicy: role.trustPolicy,
      maxSessionDuration: role.maxSessionDuration,
    }
    const { links, fields } = principalDiff(ctx, existing, role, existing && {
      description: existing.description !== role.description,
      trustPolicy: existing.trustPolicy !== role.trustPolicy,
      maxSessionDuration: existing.maxSessionDuration !== role.maxSessionDuration,
    })
    if (!existing) {
      const id = ctx.newId('AROA')
      ctx.plan.add('principals', { type: 'role.create', accountId: ctx.desired.id, id, attributes, links, change: created('role', role.arn) })
    } else if (fields.length > 0) {
      ctx.plan.add('principals', { type: 'role.update', id: existing.id, attributes, links, change: updated('role', role.arn, fields) })
    }
  }
}

function principalAttributes(principal: DesiredUser | DesiredRole): PrincipalAttributes {
  const { name, nameKey, path, permissionsBoundaryArn, tags } = principal
  return { name, nameKey, path, permissionsBoundaryArn, tags }
}

function principalDiff(
  ctx: AccountContext,
  existing: SnapshotUser | SnapshotRole | undefined,
  principal: DesiredUser | DesiredRole,
  /** Changes of attributes only roles have. */
  roleChanges: Readonly<Record<string, boolean>> = {},
): { links: PolicyLinks; fields: string[] } {
  const policyIds = resolvePolicies(ctx, principal.attachedPolicies)
  const inline = existing?.inlinePolicies ?? []
  const attached = existing?.attachedPolicyIds ?? []
  const links: PolicyLinks = {
    putInline: principal.inlinePolicies.filter((policy) =>
      !inline.some((row) => row.name === policy.name && row.document === policy.document)),
    // A revocation is operational state, not configuration: apply never lifts one it did not declare.
    dropInline: inline.filter((row) => row.name !== REVOCATION_POLICY_NAME && !principal.inlinePolicies.some((policy) => policy.name === row.name))
      .map((row) => row.name),
    attach: policyIds.filter((id) => !attached.includes(id)),
    detach: attached.filter((id) => !policyIds.includes(id)),
  }
  const fields = existing
    ? changedFields({
      name: existing.name !== principal.name,
      path: existing.path !== principal.path,
      ...roleChanges,
      permissionsBoundary: existing.permissionsBoundaryArn !== principal.permissionsBoundaryArn,
      tags: !sameJson(existing.tags, principal.tags),
      inlinePolicies: links.putInline.length + links.dropInline.length > 0,
      attachedPolicies: links.attach.length + links.detach.length > 0,
      fromConfig: !existing.fromConfig,
    })
    : []
  return { links, fields }
}

function resolvePolicies(ctx: AccountContext, references: readonly Reference[]): string[] {
  return references.flatMap((reference) => {
    const id = ctx.policyIds.get(reference.arn)
    if (id !== undefined) return [id]
    const pruned = ctx.current.managedPolicies.some((row) =>
      ctx.pruned.managedPolicies.has(row.id) && arns.policy(ctx.desired.id, row.path, row.name) === reference.arn)
    ctx.plan.report(reference.at, pruned
      ? `managed policy ${reference.arn} is no longer declared, and pruning deletes it`
      : `no managed policy ${reference.arn} exists in account ${ctx.desired.id}`)
    return []
  })
}
