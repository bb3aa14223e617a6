import { arns } from '../iam/arns.ts'
import type { Reference } from './desired-state.ts'
import { changedFields, created, updated } from './plan-builder.ts'
import { indexBy, type AccountContext } from './plan-context.ts'
import { sameJson } from './same-json.ts'

/**
 * SAML providers, matched by ARN. Metadata without validUntil gets a century from now, and only
 * when the metadata itself changes, so re-applying the same file changes nothing.
 */
export function planSamlProviders(ctx: AccountContext): void {
  const stored = indexBy(ctx.current.samlProviders, (row) => row.arn)
  for (const provider of ctx.desired.samlProviders) {
    const existing = stored.get(provider.arn)
    const attributes = {
      name: provider.name,
      metadataXml: provider.metadataXml,
      entityId: provider.entityId,
      signingCertificates: provider.signingCertificates,
      validUntil: provider.validUntil ?? aCenturyAfter(ctx.now),
    }
    const step = { accountId: ctx.desired.id, arn: provider.arn, attributes }
    if (!existing) {
      ctx.plan.add('providers', { type: 'saml.create', ...step, change: created('saml-provider', provider.arn) })
      continue
    }
    const fields = changedFields({
      metadata: existing.metadataXml !== provider.metadataXml ||
        existing.entityId !== provider.entityId ||
        !sameJson(existing.signingCertificates, provider.signingCertificates) ||
        (provider.validUntil !== undefined && existing.validUntil.getTime() !== provider.validUntil.getTime()),
      fromConfig: !existing.fromConfig,
    })
    if (fields.length > 0) ctx.plan.add('providers', { type: 'saml.update', ...step, change: updated('saml-provider', provider.arn, fields) })
  }
}

function aCenturyAfter(date: Date): Date {
  const later = new Date(date)
  later.setUTCFullYear(later.getUTCFullYear() + 100)
  return later
}

/** OIDC providers, matched by ARN (the issuer URL without its scheme, a trailing slash kept). */
export function planOidcProviders(ctx: AccountContext): void {
  const stored = indexBy(ctx.current.oidcProviders, (row) => row.arn)
  for (const provider of ctx.desired.oidcProviders) {
    const existing = stored.get(provider.arn)
    const attributes = { url: provider.url, clientIds: provider.clientIds, thumbprints: provider.thumbprints }
    const step = { accountId: ctx.desired.id, arn: provider.arn, attributes }
    if (!existing) {
      ctx.plan.add('providers', { type: 'oidc.create', ...step, change: created('oidc-provider', provider.arn) })
      continue
    }
    const fields = changedFields({
      url: existing.url !== provider.url,
      clientIds: !sameJson(existing.clientIds, provider.clientIds),
      thumbprints: !sameJson(existing.thumbprints, provider.thumbprints),
      fromConfig: !existing.fromConfig,
    })
    if (fields.length > 0) ctx.plan.add('providers', { type: 'oidc.update', ...step, change: updated('oidc-provider', provider.arn, fields) })
  }
}

/**
 * Mapping rules, matched by name. Provider and role ARNs must name something that exists after the
 * apply: declared in the file, or already stored and not being pruned.
 */
export function planMappingRules(ctx: AccountContext): void {
  const { desired, current, pruned } = ctx
  const providers = new Set([
    ...desired.samlProviders.map((provider) => provider.arn),
    ...desired.oidcProviders.map((provider) => provider.arn),
    ...current.samlProviders.filter((row) => !pruned.samlProviders.has(row.arn)).map((row) => row.arn),
    ...current.oidcProviders.filter((row) => !pruned.oidcProviders.has(row.arn)).map((row) => row.arn),
  ])
  const declaredRoles = new Set(desired.roles.map((role) => role.nameKey))
  const roles = new Set([
    ...desired.roles.map((role) => role.arn),
    ...current.roles.filter((row) => !declaredRoles.has(row.nameKey) && !pruned.roles.has(row.id))
      .map((row) => arns.role(desired.id, row.path, row.name)),
  ])
  const exists = (reference: Reference, known: ReadonlySet<string>, label: string) => {
    if (!known.has(reference.arn)) ctx.plan.report(reference.at, `no ${label} ${reference.arn} exists in account ${desired.id} (or pruning deletes it)`)
  }

  const stored = indexBy(current.mappingRules, (row) => row.name)
  for (const rule of desired.mappingRules) {
    exists(rule.provider, providers, 'provider')
    rule.roles.forEach((role) => exists(role, roles, 'role'))
    const attributes = {
      name: rule.name,
      providerArn: rule.provider.arn,
      priority: rule.priority,
      predicate: rule.predicate,
      roleArns: rule.roles.map((role) => role.arn),
      sessionTags: rule.sessionTags,
      maxSessionDuration: rule.maxSessionDuration,
    }
    const id = `${desired.id}/${rule.name}`
    const existing = stored.get(rule.name)
    if (!existing) {
      ctx.plan.add('rules', { type: 'rule.create', accountId: desired.id, attributes, change: created('mapping-rule', id) })
      continue
    }
    const fields = changedFields({
      provider: existing.providerArn !== attributes.providerArn,
      priority: existing.priority !== attributes.priority,
      when: !sameJson(existing.predicate, attributes.predicate),
      roles: !sameJson(existing.roleArns, attributes.roleArns),
      tags: !sameJson(existing.sessionTags, attributes.sessionTags),
      maxSessionDuration: existing.maxSessionDuration !== attributes.maxSessionDuration,
      fromConfig: !existing.fromConfig,
    })
    if (fields.length > 0) ctx.plan.add('rules', { type: 'rule.update', id: existing.id, attributes, change: updated('mapping-rule', id, fields) })
  }
}
