import type { Tag } from './field-schemas.ts'
import type { MappingPredicate } from './mapping-predicate-shape.ts'

// What a config file declares, checked and resolved, in the form the database stores it:
// ARNs and nameKeys computed, documents compact JSON, tags as lists. Built by build-desired-state.ts.

export type AccessKeyStatus = 'Active' | 'Inactive'

export interface InlinePolicy {
  readonly name: string
  readonly document: string
}

/** An ARN the file names; `at` locates it for problems only the database can reveal. */
export interface Reference {
  readonly arn: string
  readonly at: string
}

export interface DesiredManagedPolicy {
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly arn: string
  readonly description: string | null
  readonly document: string
}

interface Principal {
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly arn: string
  readonly permissionsBoundaryArn: string | null
  readonly tags: readonly Tag[]
  readonly inlinePolicies: readonly InlinePolicy[]
  readonly attachedPolicies: readonly Reference[]
}

export type DesiredUser = Principal

export interface DesiredRole extends Principal {
  readonly description: string | null
  readonly trustPolicy: string
  readonly maxSessionDuration: number
}

export interface DesiredAccessKey {
  readonly id: string
  /** nameKey of the owning user; null for the account root. */
  readonly userNameKey: string | null
  readonly secret: string
  readonly status: AccessKeyStatus
  /** Where its id is declared. */
  readonly at: string
}

export interface DesiredMfaDevice {
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly serialNumber: string
  readonly seed: string
  readonly userNameKey: string | null
}

export interface DesiredSamlProvider {
  readonly name: string
  readonly arn: string
  readonly metadataXml: string
  readonly entityId: string
  readonly signingCertificates: readonly string[]
  /** From the metadata; undefined: stsgate's default (a century after the metadata changes). */
  readonly validUntil: Date | undefined
}

export interface DesiredOidcProvider {
  readonly arn: string
  readonly url: string
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
}

export interface DesiredMappingRule {
  readonly name: string
  readonly provider: Reference
  readonly priority: number
  readonly predicate: MappingPredicate
  readonly roles: readonly Reference[]
  readonly sessionTags: Readonly<Record<string, string>>
  readonly maxSessionDuration: number | null
}

export interface DesiredAccount {
  readonly id: string
  /** undefined: leave the alias as it is; null: remove it. */
  readonly alias: string | null | undefined
  /** Where the account is declared (`accounts[0]`). */
  readonly at: string
  readonly managedPolicies: readonly DesiredManagedPolicy[]
  readonly users: readonly DesiredUser[]
  readonly roles: readonly DesiredRole[]
  /** Users' keys and the root's (`rootAccessKeys`). */
  readonly accessKeys: readonly DesiredAccessKey[]
  readonly mfaDevices: readonly DesiredMfaDevice[]
  readonly samlProviders: readonly DesiredSamlProvider[]
  readonly oidcProviders: readonly DesiredOidcProvider[]
  readonly mappingRules: readonly DesiredMappingRule[]
}

export interface DesiredState {
  readonly accounts: readonly DesiredAccount[]
}
