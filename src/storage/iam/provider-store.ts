import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'
import { isUniqueViolation } from '../prisma-errors.ts'

/** A tag as stored: the JSON `[{Key, Value}]` column `stsgate apply` writes. */
export interface StoredTag { readonly Key: string; readonly Value: string }

export interface SamlProviderRow {
  readonly arn: string
  readonly accountId: string
  readonly name: string
  readonly metadataXml: string
  readonly entityId: string
  readonly signingCertificates: readonly string[]
  readonly validUntil: Date
  readonly tags: readonly StoredTag[]
  readonly createdAt: Date
}

export interface OidcProviderRow {
  readonly arn: string
  readonly accountId: string
  /** The issuer URL as registered (`https://host/path`). */
  readonly url: string
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
  readonly tags: readonly StoredTag[]
  readonly createdAt: Date
}

export type NewSamlProvider = Omit<SamlProviderRow, 'createdAt'>
export type NewOidcProvider = Omit<OidcProviderRow, 'createdAt'>
/** The metadata-derived columns UpdateSAMLProvider replaces. */
export type SamlMetadataColumns = Pick<SamlProviderRow, 'metadataXml' | 'entityId' | 'signingCertificates' | 'validUntil'>
/** What an OIDC provider change may replace. */
export type OidcChange = Partial<Pick<OidcProviderRow, 'clientIds' | 'thumbprints' | 'tags'>>

/** Why a create wrote nothing. */
export type CreateRefusal = 'exists' | 'quota'

// Serialises the creates of one account's providers, so the quota count and the case-insensitive
// name check see every committed provider (two racing creates cannot both pass). Distinct from
// the apply lock key (declared-state-transaction.ts).
const PROVIDER_CREATE_LOCK = 1937011560

/**
 * SAML and OpenID Connect identity providers and their tags: the rows `stsgate apply` writes
 * (`fromConfig: false` for the API's). Every change is one transaction; a change that reads
 * first (tags, client ids) locks the row, so concurrent changes apply one after the other.
 */
export class ProviderStore {
  constructor(
    protected readonly prisma: PrismaClient,
    protected readonly secrets: SecretBox,
  ) {}

  /**
   * Creates the provider unless the account already has one with that name (compared without
   * case, as apply does) or `quota` providers.
   */
  async createSaml(provider: NewSamlProvider, quota: number): Promise<SamlProviderRow | CreateRefusal> {
    return this.creating(provider.accountId, async (tx) => {
      const clash = await tx.samlProvider.findFirst({ where: { accountId: provider.accountId, name: { equals: provider.name, mode: 'insensitive' } }, select: { arn: true } })
      if (clash) return 'exists'
      if (await tx.samlProvider.count({ where: { accountId: provider.accountId } }) >= quota) return 'quota'
      const row = await tx.samlProvider.create({
        data: { ...provider, signingCertificates: [...provider.signingCertificates], tags: tagsJson(provider.tags), fromConfig: false },
      })
      return samlRow(row)
    })
  }

  async getSaml(accountId: string, arn: string): Promise<SamlProviderRow | undefined> {
    const row = await this.prisma.samlProvider.findFirst({ where: { arn, accountId } })
    return row ? samlRow(row) : undefined
  }

  /** The account's SAML providers in ARN order. */
  async listSaml(accountId: string): Promise<SamlProviderRow[]> {
    const rows = await this.prisma.samlProvider.findMany({ where: { accountId }, orderBy: { arn: 'asc' } })
    return rows.map(samlRow)
  }

  async updateSamlMetadata(accountId: string, arn: string, metadata: SamlMetadataColumns): Promise<boolean> {
    const { count } = await this.prisma.samlProvider.updateMany({
      where: { arn, accountId },
      data: { ...metadata, signingCertificates: [...metadata.signingCertificates] },
    })
    return count === 1
  }

  /**
   * Replaces the provider's tags with `change(current)` under a row lock; `change` may throw
   * (a quota), which writes nothing. False when there is no such provider.
   */
  async changeSamlTags(accountId: string, arn: string, change: (tags: readonly StoredTag[]) => readonly StoredTag[]): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM saml_providers WHERE arn = ${arn} FOR UPDATE`
      const row = await tx.samlProvider.findFirst({ where: { arn, accountId }, select: { tags: true } })
      if (!row) return false
      await tx.samlProvider.update({ where: { arn }, data: { tags: tagsJson(change(storedTags(row.tags))) } })
      return true
    })
  }

  async deleteSaml(accountId: string, arn: string): Promise<boolean> {
    const { count } = await this.prisma.samlProvider.deleteMany({ where: { arn, accountId } })
    return count === 1
  }

  /**
   * Creates the provider unless one with the same ARN exists or the account has `quota` providers.
   * The ARN is the URL without its scheme (arns.oidcProvider), so the same ARN is the same URL (or
   * its http:// twin, one provider id); a stored row whose ARN was derived otherwise (a hand edit)
   * still trips the unique (account_id, url) index, which is 'exists' too.
   */
  async createOidc(provider: NewOidcProvider, quota: number): Promise<OidcProviderRow | CreateRefusal> {
    return this.creating(provider.accountId, async (tx) => {
      const clash = await tx.oidcProvider.findUnique({ where: { arn: provider.arn }, select: { arn: true } })
      if (clash) return 'exists'
      if (await tx.oidcProvider.count({ where: { accountId: provider.accountId } }) >= quota) return 'quota'
      const row = await tx.oidcProvider.create({
        data: {
          ...provider, clientIds: [...provider.clientIds], thumbprints: [...provider.thumbprints], tags: tagsJson(provider.tags), fromConfig: false,
        },
      })
      return oidcRow(row)
    })
  }

  async getOidc(accountId: string, arn: string): Promise<OidcProviderRow | undefined> {
    const row = await this.prisma.oidcProvider.findFirst({ where: { arn, accountId } })
    return row ? oidcRow(row) : undefined
  }

  /** The account's OIDC providers in ARN order. */
  async listOidc(accountId: string): Promise<OidcProviderRow[]> {
    const rows = await this.prisma.oidcProvider.findMany({ where: { accountId }, orderBy: { arn: 'asc' } })
    return rows.map(oidcRow)
  }

  /**
   * Applies `change(current)` under a row lock (client ids, thumbprints or tags); `change` may
   * throw (a quota), which writes nothing. False when there is no such provider.
   */
  async changeOidc(accountId: string, arn: string, change: (current: OidcProviderRow) => OidcChange): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM oidc_providers WHERE arn = ${arn} FOR UPDATE`
      const row = await tx.oidcProvider.findFirst({ where: { arn, accountId } })
      if (!row) return false
      const { clientIds, thumbprints, tags } = change(oidcRow(row))
      await tx.oidcProvider.update({
        where: { arn },
        data: {
          ...(clientIds && { clientIds: [...clientIds] }),
          ...(thumbprints && { thumbprints: [...thumbprints] }),
          ...(tags && { tags: tagsJson(tags) }),
        },
      })
      return true
    })
  }

  async deleteOidc(accountId: string, arn: string): Promise<boolean> {
    const { count } = await this.prisma.oidcProvider.deleteMany({ where: { arn, accountId } })
    return count === 1
  }

  // A create's checks and insert under the account's provider lock. A unique violation can still
  // come from a concurrent apply (its own lock): it is the same refusal, never a 500.
  private async creating<T>(accountId: string, work: (tx: Transaction) => Promise<T | CreateRefusal>): Promise<T | CreateRefusal> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PROVIDER_CREATE_LOCK}::int, hashtext(${accountId}))`
        return work(tx)
      })
    } catch (error) {
      if (isUniqueViolation(error)) return 'exists'
      throw error
    }
  }
}

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

const tagsJson = (tags: readonly StoredTag[]) => tags.map(({ Key, Value }) => ({ Key, Value }))

function storedTags(json: unknown): StoredTag[] {
  return Array.isArray(json) ? json.map((tag: StoredTag) => ({ Key: tag.Key, Value: tag.Value })) : []
}

interface SamlRecord extends Omit<SamlProviderRow, 'tags'> { readonly tags: unknown }
interface OidcRecord extends Omit<OidcProviderRow, 'tags'> { readonly tags: unknown }

const samlRow = (row: SamlRecord): SamlProviderRow => ({
  arn: row.arn, accountId: row.accountId, name: row.name, metadataXml: row.metadataXml, entityId: row.entityId,
  signingCertificates: row.signingCertificates, validUntil: row.validUntil, tags: storedTags(row.tags), createdAt: row.createdAt,
})

const oidcRow = (row: OidcRecord): OidcProviderRow => ({
  arn: row.arn, accountId: row.accountId, url: row.url, clientIds: row.clientIds, thumbprints: row.thumbprints,
  tags: storedTags(row.tags), createdAt: row.createdAt,
})
