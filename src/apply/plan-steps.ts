import type { AccessKeyStatus, InlinePolicy } from './desired-state.ts'
import type { Tag } from './field-schemas.ts'
import type { MappingPredicate } from './mapping-predicate-shape.ts'

/** One line of a plan: what happens to which resource. */
export interface PlannedChange {
  readonly action: 'create' | 'update' | 'delete'
  /** account, managed-policy, user, role, access-key, mfa-device, saml-provider, oidc-provider, mapping-rule */
  readonly kind: string
  /** The ARN, or the access key id, account id, or `<account>/<name>` of a mapping rule. */
  readonly id: string
  /** For updates: the declared attributes that differ. */
  readonly fields?: readonly string[]
}

export interface PrincipalAttributes {
  readonly name: string
  readonly nameKey: string
  readonly path: string
  readonly permissionsBoundaryArn: string | null
  readonly tags: readonly Tag[]
}

export interface RoleAttributes extends PrincipalAttributes {
  readonly description: string | null
  readonly trustPolicy: string
  readonly maxSessionDuration: number
}

/** Inline policies to write or remove and managed policy ids to attach or detach. */
export interface PolicyLinks {
  readonly putInline: readonly InlinePolicy[]
  readonly dropInline: readonly string[]
  readonly attach: readonly string[]
  readonly detach: readonly string[]
}

export interface MappingRuleAttributes {
  readonly name: string
  readonly providerArn: string
  readonly priority: number
  readonly predicate: MappingPredicate
  readonly roleArns: readonly string[]
  readonly sessionTags: Readonly<Record<string, string>>
  readonly maxSessionDuration: number | null
}

export interface SamlProviderAttributes {
  readonly name: string
  readonly metadataXml: string
  readonly entityId: string
  readonly signingCertificates: readonly string[]
  readonly validUntil: Date
}

export interface OidcProviderAttributes {
  readonly url: string
  readonly clientIds: readonly string[]
  readonly thumbprints: readonly string[]
}

export type DeletableTable =
  | 'mappingRule' | 'samlProvider' | 'oidcProvider' | 'accessKey' | 'mfaDevice' | 'user' | 'role' | 'managedPolicy' | 'account'

/**
 * One write, as data. Updates carry every declared attribute (the executor writes them all and
 * marks the row fromConfig); `change` is what the plan reports for it, if anything.
 */
export type Step = { readonly change?: PlannedChange } & (
  | { readonly type: 'account.create'; readonly id: string; readonly alias: string | null }
  | { readonly type: 'account.setAlias'; readonly id: string; readonly alias: string | null }
  | {
    readonly type: 'policy.create'; readonly accountId: string; readonly id: string; readonly name: string
    readonly nameKey: string; readonly path: string; readonly description: string | null; readonly document: string
  }
  | {
    readonly type: 'policy.update'; readonly id: string; readonly name: string; readonly nameKey: string
    readonly path: string; readonly description: string | null
    /** A changed document: the version to add as default, and the old one to drop to stay within five. */
    readonly newVersion: { readonly versionId: string; readonly number: number; readonly document: string; readonly dropVersionId: string | undefined } | undefined
  }
  | { readonly type: 'user.create'; readonly accountId: string; readonly id: string; readonly attributes: PrincipalAttributes; readonly links: PolicyLinks }
  | { readonly type: 'user.update'; readonly id: string; readonly attributes: PrincipalAttributes; readonly links: PolicyLinks }
  | { readonly type: 'role.create'; readonly accountId: string; readonly id: string; readonly attributes: RoleAttributes; readonly links: PolicyLinks }
  | { readonly type: 'role.update'; readonly id: string; readonly attributes: RoleAttributes; readonly links: PolicyLinks }
  | {
    readonly type: 'accessKey.create' | 'accessKey.update'; readonly accountId: string; readonly id: string
    readonly userId: string | null; readonly secret: string; readonly status: AccessKeyStatus
  }
  | {
    readonly type: 'mfa.create' | 'mfa.update'; readonly accountId: string
    /** The current serial number (the new one for a create). */
    readonly serialNumber: string
    readonly next: { readonly serialNumber: string; readonly name: string; readonly nameKey: string; readonly path: string; readonly userId: string | null }
    readonly seed: string
    readonly seedChanged: boolean
    readonly userChanged: boolean
  }
  | { readonly type: 'saml.create' | 'saml.update'; readonly accountId: string; readonly arn: string; readonly attributes: SamlProviderAttributes }
  | { readonly type: 'oidc.create' | 'oidc.update'; readonly accountId: string; readonly arn: string; readonly attributes: OidcProviderAttributes }
  | { readonly type: 'rule.create'; readonly accountId: string; readonly attributes: MappingRuleAttributes }
  | { readonly type: 'rule.update'; readonly id: string; readonly attributes: MappingRuleAttributes }
  | { readonly type: 'delete'; readonly table: DeletableTable; readonly key: string }
)
