import type { CompiledCondition } from './conditions/compile-condition.ts'
import type { Effect, PolicyKind } from './document.ts'
import type { ActionMatcher } from './matchers/action-matcher.ts'
import type { CompiledPrincipals } from './matchers/principal-matcher.ts'
import type { ResourceMatcher } from './matchers/resource-matcher.ts'

/** A statement ready for decisions: matchers and compiled conditions, no JSON, no RegExp. */
export interface CompiledStatement {
  /** The Sid, or `#<index>` for a statement without one. */
  readonly label: string
  readonly effect: Effect
  readonly actions: ActionMatcher | undefined
  readonly notActions: ActionMatcher | undefined
  /** Both undefined in trust policies: the resource is the role itself. */
  readonly resources: ResourceMatcher | undefined
  readonly notResources: ResourceMatcher | undefined
  readonly principals: CompiledPrincipals | undefined
  readonly notPrincipals: CompiledPrincipals | undefined
  readonly conditions: readonly CompiledCondition[]
}

export interface CompiledPolicy {
  /** Names the policy in decisions (an ARN, `role/Admin/inline/Name`, `session`, …). */
  readonly id: string
  readonly kind: PolicyKind
  readonly statements: readonly CompiledStatement[]
  /**
   * The statements whose Action/NotAction admits an action, by lower-cased action, filled on
   * first use. Actions take no policy variables, so the answer never changes; action names come
   * from a finite set (the API's operations) and the bound is a backstop. Shared by every
   * CompiledPolicy of the same text.
   */
  readonly statementsByAction: Map<string, readonly CompiledStatement[]>
}
