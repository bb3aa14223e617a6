import { accountIdOfAccessKeyId } from '../credentials/access-key-id.ts'
import { accountOfArn, arns } from '../iam/arns.ts'
import type { ConfigIssue } from './config-file-error.ts'
import type {
  DesiredAccessKey, DesiredAccount, DesiredMappingRule, DesiredState, InlinePolicy, Reference,
} from './desired-state.ts'
import type { AccountDeclaration, ConfigFile } from './file-schema.ts'
import { formatIssuePath } from './issue-path.ts'

type Path = readonly (string | number)[]
type Report = (path: Path, message: string) => void

/**
 * Checks what the structure alone cannot (duplicate account ids, aliases and access key ids in
 * the file; names unique per account ignoring case; references to policies, users, roles and
 * providers declared in the same account; key ids that encode another account) and resolves
 * names to ARNs. Returns the desired state, or every problem found.
 */
export function buildDesiredState(file: ConfigFile): { state: DesiredState } | { issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = []
  const report: Report = (path, message) => issues.push({ path: formatIssuePath(path), message })
  const accountIds = new Registry('account', report, false)
  const aliases = new Registry('alias', report, false)
  const keyIds = new Registry('access key', report, false)
  const accounts = file.accounts.map((declaration, index) => {
    const at = ['accounts', index]
    accountIds.declare(declaration.id, [...at, 'id'])
    if (declaration.alias) aliases.declare(declaration.alias, [...at, 'alias'])
    return buildAccount(declaration, at, report, keyIds)
  })
  return issues.length > 0 ? { issues } : { state: { accounts } }
}

/** First declarations by key; reports later ones as duplicates. */
class Registry<T = undefined> {
  readonly #entries = new Map<string, { path: Path; value: T | undefined }>()

  constructor(readonly label: string, readonly report: Report, readonly ignoreCase = true) {}

  declare(name: string, path: Path, value?: T): void {
    const key = this.ignoreCase ? name.toLowerCase() : name
    const first = this.#entries.get(key)
    if (first) {
      const note = this.ignoreCase ? '; names are case-insensitive' : ''
      this.report(path, `duplicate ${this.label} ${JSON.stringify(name)} (first at ${formatIssuePath(first.path)}${note})`)
    } else {
      this.#entries.set(key, { path, value })
    }
  }

  get(name: string): T | undefined {
    return this.#entries.get(this.ignoreCase ? name.toLowerCase() : name)?.value
  }
}

function buildAccount(declaration: AccountDeclaration, at: Path, report: Report, keyIds: Registry): DesiredAccount {
  const accountId = declaration.id
  const missing = (label: string, name: string) => `no ${label} ${JSON.stringify(name)} is declared in account ${accountId}`
  const sameAccount = (path: Path, arn: string, label: string) => {
    if (accountOfArn(arn) === accountId) return true
    report(path, `must be a ${label} of account ${accountId}`)
    return false
  }

  const policies = new Registry<string>('managed policy name', report)
  const managedPolicies = declaration.managedPolicies.map((policy, index) => {
    const arn = arns.policy(accountId, policy.path, policy.name)
    policies.declare(policy.name, [...at, 'managedPolicies', index, 'name'], arn)
    return { ...policy, nameKey: policy.name.toLowerCase(), arn, description: policy.description ?? null }
  })

  const attachments = (references: readonly string[], path: Path): Reference[] => {
    const seen = new Registry('attachment of', report, false)
    return references.flatMap((reference, index) => {
      const where = [...path, index]
      const arn = reference.startsWith('arn:') ? reference : policies.get(reference)
      if (arn === undefined) report(where, missing('managed policy', reference))
      if (arn === undefined || !sameAccount(where, arn, 'managed policy')) return []
      seen.declare(arn, where)
      return [{ arn, at: formatIssuePath(where) }]
    })
  }
  const inline = (list: readonly InlinePolicy[], path: Path): InlinePolicy[] => {
    const names = new Registry('inline policy name', report)
    list.forEach((policy, index) => names.declare(policy.name, [...path, index, 'name']))
    return [...list]
  }

  const users = new Registry<string>('user name', report)
  const accessKeys: DesiredAccessKey[] = []
  const addKeys = (keys: AccountDeclaration['rootAccessKeys'], path: Path, userNameKey: string | null) => {
    keys.forEach((key, index) => {
      const where = [...path, index, 'id']
      keyIds.declare(key.id, where)
      const encoded = accountIdOfAccessKeyId(key.id)
      if (encoded !== undefined && encoded !== accountId) {
        report(where, `encodes account ${encoded}; a key of account ${accountId} must encode it, or be an old-generation id`)
      }
      accessKeys.push({ id: key.id, userNameKey, secret: key.secret, status: key.status, at: formatIssuePath(where) })
    })
  }
  addKeys(declaration.rootAccessKeys, [...at, 'rootAccessKeys'], null)
  const desiredUsers = declaration.users.map((user, index) => {
    const path = [...at, 'users', index]
    const nameKey = user.name.toLowerCase()
    users.declare(user.name, [...path, 'name'], nameKey)
    addKeys(user.accessKeys, [...path, 'accessKeys'], nameKey)
    return {
      name: user.name,
      nameKey,
      path: user.path,
      arn: arns.user(accountId, user.path, user.name),
      permissionsBoundaryArn: user.permissionsBoundary ?? null,
      tags: user.tags,
      inlinePolicies: inline(user.inlinePolicies, [...path, 'inlinePolicies']),
      attachedPolicies: attachments(user.attachedPolicies, [...path, 'attachedPolicies']),
    }
  })

  const devices = new Registry('MFA device name', report)
  const mfaDevices = declaration.mfaDevices.map((device, index) => {
    const path = [...at, 'mfaDevices', index]
    devices.declare(device.name, [...path, 'name'])
    const userNameKey = device.user === undefined ? null : users.get(device.user)
    if (userNameKey === undefined) report([...path, 'user'], missing('user', device.user!))
    return {
      name: device.name,
      nameKey: device.name.toLowerCase(),
      path: device.path,
      serialNumber: arns.mfa(accountId, device.path, device.name),
      seed: device.seed,
      userNameKey: userNameKey ?? null,
    }
  })

  const roles = new Registry<string>('role name', report)
  const desiredRoles = declaration.roles.map((role, index) => {
    const path = [...at, 'roles', index]
    const arn = arns.role(accountId, role.path, role.name)
    roles.declare(role.name, [...path, 'name'], arn)
    return {
      name: role.name,
      nameKey: role.name.toLowerCase(),
      path: role.path,
      arn,
      description: role.description ?? null,
      trustPolicy: role.trustPolicy,
      maxSessionDuration: role.maxSessionDuration,
      permissionsBoundaryArn: role.permissionsBoundary ?? null,
      tags: role.tags,
      inlinePolicies: inline(role.inlinePolicies, [...path, 'inlinePolicies']),
      attachedPolicies: attachments(role.attachedPolicies, [...path, 'attachedPolicies']),
    }
  })

  const samlNames = new Registry<string>('SAML provider name', report)
  const samlProviders = declaration.samlProviders.map((provider, index) => {
    const arn = arns.samlProvider(accountId, provider.name)
    samlNames.declare(provider.name, [...at, 'samlProviders', index, 'name'], arn)
    const { xml, entityId, signingCertificates, validUntil } = provider.metadata
    return { name: provider.name, arn, metadataXml: xml, entityId, signingCertificates, validUntil }
  })
  const oidcArns = new Registry<string>('OIDC provider', report, false)
  const oidcProviders = declaration.oidcProviders.map((provider, index) => {
    const arn = arns.oidcProvider(accountId, provider.url)
    oidcArns.declare(arn, [...at, 'oidcProviders', index, 'url'], arn)
    return { arn, url: provider.url, clientIds: provider.clientIds, thumbprints: provider.thumbprints }
  })

  const resolveProvider = (reference: string, path: Path): string | undefined => {
    const [scheme, rest] = [reference.slice(0, 5), reference.slice(5)]
    // `oidc:<url>` goes through the ARN, which keeps a trailing slash: `oidc:https://x/` names only a provider declared as `https://x/`.
    const arn = scheme === 'saml:' ? samlNames.get(rest)
      : scheme === 'oidc:' ? oidcArns.get(arns.oidcProvider(accountId, rest))
      : /^arn:aws:iam::\d{12}:(saml|oidc)-provider\/.+$/.test(reference) ? reference
      : undefined
    if (arn === undefined) {
      report(path, scheme === 'saml:' ? missing('SAML provider', rest)
        : scheme === 'oidc:' ? missing('OIDC provider with URL', rest)
        : 'expected a SAML or OIDC provider ARN, "saml:<name>" or "oidc:<url>"')
      return undefined
    }
    return sameAccount(path, arn, 'SAML or OIDC provider') ? arn : undefined
  }

  const ruleNames = new Registry('mapping rule name', report)
  const mappingRules = declaration.mappingRules.flatMap((rule, index): DesiredMappingRule[] => {
    const path = [...at, 'mappingRules', index]
    ruleNames.declare(rule.name, [...path, 'name'])
    const providerPath = [...path, 'provider']
    const providerArn = resolveProvider(rule.provider, providerPath)
    const seenRoles = new Registry('role', report, false)
    const roleReferences = rule.roles.flatMap((reference, roleIndex): Reference[] => {
      const where = [...path, 'roles', roleIndex]
      const arn = reference.startsWith('arn:') ? reference : roles.get(reference)
      if (arn === undefined) report(where, missing('role', reference))
      if (arn === undefined || !sameAccount(where, arn, 'role')) return []
      seenRoles.declare(arn, where)
      return [{ arn, at: formatIssuePath(where) }]
    })
    if (providerArn === undefined) return []
    return [{
      name: rule.name,
      provider: { arn: providerArn, at: formatIssuePath(providerPath) },
      priority: rule.priority,
      predicate: rule.when,
      roles: roleReferences,
      sessionTags: rule.tags,
      maxSessionDuration: rule.maxSessionDuration ?? null,
    }]
  })

  return {
    id: accountId,
    alias: declaration.alias,
    at: formatIssuePath(at),
    managedPolicies,
    users: desiredUsers,
    roles: desiredRoles,
    accessKeys,
    mfaDevices,
    samlProviders,
    oidcProviders,
    mappingRules,
  }
}
