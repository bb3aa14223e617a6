/**
 * A policy document after parsing and validation (parse-policy.ts). Plain, immutable data in the
 * shape of the JSON, with lists normalised: every "string or list" element is a list.
 * compile.ts turns it into matchers; nothing on the decision path reads this form.
 */

export type PolicyVersion = '2012-10-17' | '2008-10-17'

/**
 * What a document is used as. It decides which elements are allowed: identity, session and
 * boundary policies have Resource and no Principal; resource policies (a role's trust policy is
 * one) have Principal and, for trust policies, no Resource.
 */
export type PolicyKind = 'identity' | 'session' | 'boundary' | 'resource' | 'trust'

export type Effect = 'Allow' | 'Deny'

/** `"Principal": "*"` or the principal map, each type's values as a list. */
export type PrincipalBlock =
  | '*'
  | {
      readonly AWS?: readonly string[]
      readonly Federated?: readonly string[]
      readonly Service?: readonly string[]
      readonly CanonicalUser?: readonly string[]
    }

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser'

/** One `"Operator": { "key": value-or-values }` entry, split into its parts. */
export interface Condition {
  /** As written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string
  /** The operator without qualifier and suffix, e.g. `StringLike`. */
  readonly baseOperator: ConditionOperatorName
  readonly setQualifier: 'ForAllValues' | 'ForAnyValue' | undefined
  readonly ifExists: boolean
  /** The condition key as written (keys compare case-insensitively). */
  readonly key: string
  /** Values as written; JSON numbers and booleans become their JSON text. */
  readonly values: readonly string[]
}

export const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
  'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  'Null',
] as const

export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number]

export interface Statement {
  /** Position in the document (0-based), to name statements without a Sid. */
  readonly index: number
  readonly sid: string | undefined
  readonly effect: Effect
  /** Exactly one of principal / notPrincipal in resource and trust policies; neither elsewhere. */
  readonly principal: PrincipalBlock | undefined
  readonly notPrincipal: PrincipalBlock | undefined
  /** Exactly one of action / notAction. */
  readonly action: readonly string[] | undefined
  readonly notAction: readonly string[] | undefined
  /** Exactly one of resource / notResource, except in trust policies (neither). */
  readonly resource: readonly string[] | undefined
  readonly notResource: readonly string[] | undefined
  readonly conditions: readonly Condition[]
}

export interface PolicyDocument {
  readonly version: PolicyVersion
  readonly id: string | undefined
  readonly statements: readonly Statement[]
}
