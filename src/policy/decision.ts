import type { Effect, PolicyKind } from './document.ts'

export type DecisionOutcome = 'allowed' | 'explicitDeny' | 'implicitDeny'

/** A statement that applied to the request. */
export interface MatchedStatement {
  /** The caller-supplied id of the policy (an ARN, `role/Name/inline/PolicyName`, `session`, …). */
  readonly policyId: string
  readonly kind: PolicyKind
  /** The Sid, or `#<index>` when the statement has none. */
  readonly statement: string
  readonly effect: Effect
}

/** An authorization decision with what led to it (DecodeAuthorizationMessage, Simulate*, debugging). */
export interface Decision {
  readonly outcome: DecisionOutcome
  /** The statements that matched, Deny first. */
  readonly matched: readonly MatchedStatement[]
  /** Every condition key a statement looked at, lower-cased, sorted. */
  readonly evaluatedKeys: readonly string[]
  /** Why, in one sentence (e.g. which policy type had no Allow). */
  readonly reason: string
}
