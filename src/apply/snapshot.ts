import type { AccessKeyStatus, InlinePolicy } from './desired-state.ts'

// The current state of the accounts an apply looks at, as src/storage/declared-state/load-snapshot.ts reads it. Plain data, so
// the plan is a pure function of (desired state, snapshot). Secrets and seeds appear opened only for
// rows the file declares (the plan compares them); they live in memory for the apply only.

export interface SnapshotManagedPolicy {
  readonly id: string
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly description: string | null
  readonly defaultVersionId: string
  readonly lastVersionNumber: number
  readonly versions: readonly { readonly versionId: string; readonly document: string }[]
  readonly fromConfig: boolean
}

interface SnapshotPrincipal {
  readonly id: string
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly permissionsBoundaryArn: string | null
  /** As stored (JSON). */
  readonly tags: unknown
  readonly inlinePolicies: readonly InlinePolicy[]
  readonly attachedPolicyIds: readonly string[]
  readonly fromConfig: boolean
}

export type SnapshotUser = SnapshotPrincipal

export interface SnapshotRole extends SnapshotPrincipal {
  readonly description: string | null
  readonly trustPolicy: string
  readonly maxSessionDuration: number
}

export interface SnapshotAccessKey {
  readonly id: string
  readonly userId: string | null
  /** Opened secret for declared keys; undefined otherwise or when it does not open. */
  readonly secret: string | undefined
  readonly status: AccessKeyStatus
  readonly fromConfig: boolean
}

export interface SnapshotMfaDevice {
  readonly serialNumber: string
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly userId: string | null
  /** Opened seed for declared devices; undefined otherwise or when it does not open. */
  readonly seed: string | undefined
  readonly fromConfig: boolean
}

export interface SnapshotSamlProvider {
  readonly arn: string
  readonly name: string
  readonly metadataXml: string
  readonly entityId: string
  readonly signingCertificates: readonly string[]
  readonly validUntil: Date
  readonly fromConfig: boolean
}

export interface SnapshotOidcProvider {
  readonly arn: string
  readonly url: string
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
  readonly fromConfig: boolean
}

export interface SnapshotMappingRule {
  readonly id: string
  readonly name: string
  readonly providerArn: string
  readonly priority: number
  readonly predicate: unknown
  readonly roleArns: readonly string[]
  readonly sessionTags: unknown
  readonly maxSessionDuration: number | null
  readonly fromConfig: boolean
}

export interface SnapshotAccount {
  readonly id: string
  readonly alias: string | null
  readonly fromConfig: boolean
  readonly managedPolicies: readonly SnapshotManagedPolicy[]
  readonly users: readonly SnapshotUser[]
  readonly roles: readonly SnapshotRole[]
  readonly accessKeys: readonly SnapshotAccessKey[]
  readonly mfaDevices: readonly SnapshotMfaDevice[]
  readonly samlProviders: readonly SnapshotSamlProvider[]
  readonly oidcProviders: readonly SnapshotOidcProvider[]
  readonly mappingRules: readonly SnapshotMappingRule[]
}

export interface Snapshot {
  /** The declared accounts that exist, and (when pruning) every account a config file created. */
  readonly accounts: ReadonlyMap<string, SnapshotAccount>
  /** Account of each declared access key id that exists anywhere. */
  readonly accessKeyAccounts: ReadonlyMap<string, string>
  /** Account currently holding each declared alias. */
  readonly aliasAccounts: ReadonlyMap<string, string>
}
