import type { PrismaClient } from '../generated/prisma/client.ts'
import { arns, parseIamArn } from '../iam/arns.ts'
import { TtlCache } from './ttl-cache.ts'

/** A stored policy document and the id decisions name it by. */
export interface StoredPolicy {
  readonly id: string
  readonly document: string
}

/** What a principal's identity-based permissions are made of. */
export interface IdentityPolicies {
  /** False when the user or role does not exist (any more): then there is nothing else. */
  readonly exists: boolean
  readonly policies: readonly StoredPolicy[]
  readonly boundary: StoredPolicy | undefined
  /** The principal's IAM tags (aws:PrincipalTag). */
  readonly tags: ReadonlyArray<readonly [string, string]>
}

export interface StoredRole {
  readonly id: string
  readonly accountId: string
  readonly name: string
  readonly path: string
  readonly arn: string
  readonly trustPolicy: string
  readonly maxSessionDuration: number
  readonly tags: ReadonlyArray<readonly [string, string]>
}

/** A registered OIDC provider, as web identity verification needs it. */
export interface StoredOidcProvider {
  readonly arn: string
  /** The issuer URL exactly as registered. */
  readonly url: string
  readonly clientIds: readonly string[]
}

/** A registered SAML provider, as assertion verification needs it. */
export interface StoredSamlProvider {
  readonly arn: string
  readonly accountId: string
  readonly name: string
  readonly entityId: string
  /** Base64 DER of each signing certificate of its metadata. */
  readonly signingCertificates: readonly string[]
}

const NONE: IdentityPolicies = { exists: false, policies: [], boundary: undefined, tags: [] }
const WITH_POLICIES = { inlinePolicies: true, attachedPolicies: { include: { policy: { include: { versions: true } } } } } as const

type ManagedPolicyRow = { accountId: string; path: string; name: string; defaultVersionId: string; versions: { versionId: string; document: string }[] }

/** A user or role row with what makes its identity policies. */
interface PrincipalRow {
  readonly permissionsBoundaryArn: string | null
  readonly tags: unknown
  readonly inlinePolicies: ReadonlyArray<{ name: string; document: string }>
  readonly attachedPolicies: ReadonlyArray<{ policy: ManagedPolicyRow }>
}

// IAM itself is eventually consistent for seconds; stsgate's reads are trusted this long.
const CACHE_MS = 5_000
const CACHE_LIMIT = 10_000

/**
 * Reads the IAM entities STS decides with: roles, the policies of users and roles, managed
 * policy documents, each cached for a few seconds.
 */
export class IamDirectory {
  readonly #roles = new TtlCache<StoredRole | undefined>(CACHE_MS, CACHE_LIMIT)
  readonly #policies = new TtlCache<IdentityPolicies>(CACHE_MS, CACHE_LIMIT)
  readonly #managed = new TtlCache<StoredPolicy | undefined>(CACHE_MS, CACHE_LIMIT)
  readonly #oidcProviders = new TtlCache<StoredOidcProvider | undefined>(CACHE_MS, CACHE_LIMIT)
  readonly #samlProviders = new TtlCache<StoredSamlProvider | undefined>(CACHE_MS, CACHE_LIMIT)

  constructor(private readonly prisma: PrismaClient) {}

  /** The role an ARN names (name compared case-insensitively, path exactly), or undefined. */
  findRole(roleArn: string): Promise<StoredRole | undefined> {
    return this.#roles.get(roleArn, async () => {
      const parts = parseIamArn(roleArn, 'role')
      if (!parts) return undefined
      const row = await this.prisma.role.findUnique({ where: { accountId_nameKey: { accountId: parts.accountId, nameKey: parts.name.toLowerCase() } } })
      if (!row || row.path !== parts.path) return undefined
      return {
        id: row.id, accountId: row.accountId, name: row.name, path: row.path,
        arn: arns.role(row.accountId, row.path, row.name), trustPolicy: row.trustPolicy,
        maxSessionDuration: row.maxSessionDuration, tags: tagPairs(row.tags),
      }
    })
  }

  /**
   * The account's OIDC provider registered with exactly this issuer URL (no normalisation: a
   * trailing slash or another case is another issuer), or undefined. Misses are cached too, so
   * tokens from unknown issuers cost one read per few seconds.
   */
  findOidcProvider(accountId: string, url: string): Promise<StoredOidcProvider | undefined> {
    return this.#oidcProviders.get(`${accountId} ${url}`, async () => {
      const row = await this.prisma.oidcProvider.findUnique({ where: { accountId_url: { accountId, url } }, select: { arn: true, url: true, clientIds: true } })
      return row ?? undefined
    })
  }

  /** The SAML provider with exactly this ARN, or undefined. */
  findSamlProvider(arn: string): Promise<StoredSamlProvider | undefined> {
    return this.#samlProviders.get(arn, async () => {
      const row = await this.prisma.samlProvider.findUnique({
        where: { arn }, select: { arn: true, accountId: true, name: true, entityId: true, signingCertificates: true },
      })
      return row ?? undefined
    })
  }

  /** A role's inline and attached policies, boundary and tags (empty when the role is gone). */
  policiesOfRole(roleId: string): Promise<IdentityPolicies> {
    return this.#policies.get(`role:${roleId}`, async () => {
      const row = await this.prisma.role.findUnique({ where: { id: roleId }, include: WITH_POLICIES })
      return row ? this.#identityPolicies(row, arns.role(row.accountId, row.path, row.name)) : NONE
    })
  }

  /** An IAM user's inline and attached policies, boundary and tags (empty when the user is gone). */
  policiesOfUser(userId: string): Promise<IdentityPolicies> {
    return this.#policies.get(`user:${userId}`, async () => {
      const row = await this.prisma.iamUser.findUnique({ where: { id: userId }, include: WITH_POLICIES })
      return row ? this.#identityPolicies(row, arns.user(row.accountId, row.path, row.name)) : NONE
    })
  }

  async #identityPolicies(row: PrincipalRow, ownerArn: string): Promise<IdentityPolicies> {
    const inline = row.inlinePolicies.map((policy) => ({ id: `${ownerArn}/inline/${policy.name}`, document: policy.document }))
    return {
      exists: true,
      policies: [...inline, ...row.attachedPolicies.map((attached) => defaultVersion(attached.policy)).filter((policy) => policy !== undefined)],
      boundary: row.permissionsBoundaryArn ? await this.managedPolicy(row.permissionsBoundaryArn) : undefined,
      tags: tagPairs(row.tags),
    }
  }

  /** Forgets every cached read: IAM changed in this process (other processes catch up within 5 s). */
  forget(): void {
    for (const cache of [this.#roles, this.#policies, this.#managed, this.#oidcProviders, this.#samlProviders]) cache.clear()
  }

  /** The default version of a customer managed policy, by ARN; undefined when there is none. */
  managedPolicy(policyArn: string): Promise<StoredPolicy | undefined> {
    return this.#managed.get(policyArn, async () => {
      const parts = parseIamArn(policyArn, 'policy')
      if (!parts) return undefined
      const row = await this.prisma.managedPolicy.findUnique({
        where: { accountId_nameKey: { accountId: parts.accountId, nameKey: parts.name.toLowerCase() } },
        include: { versions: true },
      })
      return row && row.path === parts.path ? defaultVersion(row) : undefined
    })
  }
}

function defaultVersion(policy: ManagedPolicyRow): StoredPolicy | undefined {
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId)
  return version && { id: arns.policy(policy.accountId, policy.path, policy.name), document: version.document }
}

function tagPairs(json: unknown): Array<readonly [string, string]> {
  return Array.isArray(json) ? json.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value] as const) : []
}
