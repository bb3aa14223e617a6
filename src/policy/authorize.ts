import { splitArn, type ArnParts } from './arn.ts'
import type { CompiledPolicy, CompiledStatement } from './compiled-policy.ts'
import type { Decision, MatchedStatement } from './decision.ts'
import { matchesAction } from './matchers/action-matcher.ts'
import { excludedBy, GRANT_STRENGTH, grantFor, type PrincipalGrant } from './matchers/principal-matcher.ts'
import { matchesResource } from './matchers/resource-matcher.ts'
import type { RequestContext } from './request-context.ts'
import type { RequestPrincipal } from './request-principal.ts'

export interface AuthorizationRequest {
  readonly principal: RequestPrincipal
  /** `service:Action`, e.g. `sts:AssumeRole` (compared case-insensitively). */
  readonly action: string
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string
  /** The account that owns the resource; defaults to the account in the resource ARN. */
  readonly resourceAccountId?: string
  readonly context: RequestContext
}

/** The policies that apply to one request. Absent layers do not restrict; present ones must allow. */
export interface ApplicablePolicies {
  /** The principal's identity-based policies (inline and attached). */
  readonly identity: readonly CompiledPolicy[]
  /** The resource's resource-based policy (for a role: its trust policy). */
  readonly resource?: CompiledPolicy
  readonly boundary?: CompiledPolicy
  /**
   * Session policies passed when the session was made. `undefined`: the session has none and
   * they do not restrict; `[]` would allow nothing.
   */
  readonly session?: readonly CompiledPolicy[]
}

interface Tally {
  readonly matched: MatchedStatement[]
  /** Lower-cased condition keys looked at; few per decision, so a list beats a Set. */
  readonly keys: string[]
  denied: boolean
}

/**
 * Decides a request as AWS documents it (reference_policies_evaluation-logic_policy-eval-denyallow,
 * reference_policies_evaluation-logic-cross-account): an explicit Deny in any policy wins; within
 * one account, a resource policy that names the caller itself allows on its own, otherwise the
 * identity policies (plus a resource grant to the caller's role) must allow, within the
 * permissions boundary and the session policies; across accounts both the caller's side and the
 * resource policy must allow. Never throws for a compiled policy.
 */
export function authorize(request: AuthorizationRequest, policies: ApplicablePolicies): Decision {
  const action = request.action.toLowerCase()
  const arn = splitArn(request.resource)
  const tally: Tally = { matched: [], keys: [], denied: false }

  let identityAllows = request.principal.type === 'root' // the root user has every permission in its account
  for (const policy of policies.identity) identityAllows = evaluatePolicy(policy, request, action, arn, tally) || identityAllows
  const boundaryAllows = policies.boundary === undefined || evaluatePolicy(policies.boundary, request, action, arn, tally)
  let sessionAllows = policies.session === undefined
  for (const policy of policies.session ?? []) sessionAllows = evaluatePolicy(policy, request, action, arn, tally) || sessionAllows
  const grant = policies.resource && evaluateResourcePolicy(policies.resource, request, action, arn, tally)

  if (tally.denied) return decide(tally, 'explicitDeny', 'an explicit Deny statement applies')
  // A role is assumed only when its trust policy admits the caller, whatever the identity
  // policies say (id_roles_compare-resource-policies: the trust policy is required).
  if (policies.resource?.kind === 'trust' && grant === undefined) return decide(tally, 'implicitDeny', 'the role trust policy does not allow the caller')
  const callerAccount = request.principal.accountId
  const resourceAccount = request.resourceAccountId ?? arn?.account
  const sameAccount = callerAccount !== undefined && (resourceAccount === undefined || resourceAccount === '' || resourceAccount === callerAccount)
  const callerSide = (identityAllows || (sameAccount && grant === 'parent'))
    ? !boundaryAllows ? 'the permissions boundary does not allow it'
      : !sessionAllows ? 'no session policy allows it'
      : undefined
    : 'no identity-based policy allows it'

  if (sameAccount || callerAccount === undefined) {
    if (grant === 'direct') return decide(tally, 'allowed', 'the resource-based policy allows the caller')
    if (callerAccount === undefined) return decide(tally, 'implicitDeny', 'no resource-based policy allows the caller')
    return callerSide === undefined ? decide(tally, 'allowed', 'allowed within the account') : decide(tally, 'implicitDeny', callerSide)
  }
  if (grant === undefined) return decide(tally, 'implicitDeny', 'cross-account: the resource-based policy does not allow the caller')
  return callerSide === undefined
    ? decide(tally, 'allowed', 'cross-account: both sides allow')
    : decide(tally, 'implicitDeny', `cross-account: ${callerSide}`)
}

const denyFirst = (a: MatchedStatement, b: MatchedStatement) => (a.effect === b.effect ? 0 : a.effect === 'Deny' ? -1 : 1)

function decide(tally: Tally, outcome: Decision['outcome'], reason: string): Decision {
  return { outcome, matched: tally.denied ? tally.matched.sort(denyFirst) : tally.matched, evaluatedKeys: tally.keys.sort(), reason }
}

const ACTION_INDEX_LIMIT = 512

/** The policy's statements whose Action/NotAction admits `action` (lower-cased), memoised per policy text. */
function statementsFor(policy: CompiledPolicy, action: string, context: RequestContext): readonly CompiledStatement[] {
  let statements = policy.statementsByAction.get(action)
  if (statements === undefined) {
    statements = policy.statements.filter((statement) =>
      statement.actions ? matchesAction(statement.actions, action, context) : !matchesAction(statement.notActions!, action, context))
    if (policy.statementsByAction.size >= ACTION_INDEX_LIMIT) policy.statementsByAction.clear()
    policy.statementsByAction.set(action, statements)
  }
  return statements
}

/** True when a statement of the policy allows; records denies and matches in the tally. */
function evaluatePolicy(policy: CompiledPolicy, request: AuthorizationRequest, action: string, arn: ArnParts | undefined, tally: Tally): boolean {
  let allows = false
  for (const statement of statementsFor(policy, action, request.context)) {
    if (!statementApplies(statement, request, arn, tally)) continue
    record(policy, statement, tally)
    if (statement.effect === 'Allow') allows = true
  }
  return allows
}

/** The strongest grant an Allow statement makes to the caller; records denies and matches. */
function evaluateResourcePolicy(policy: CompiledPolicy, request: AuthorizationRequest, action: string, arn: ArnParts | undefined, tally: Tally): PrincipalGrant | undefined {
  let best: PrincipalGrant | undefined
  for (const statement of statementsFor(policy, action, request.context)) {
    const grant = statement.principals ? grantFor(statement.principals, request.principal)
      : statement.notPrincipals && !excludedBy(statement.notPrincipals, request.principal) ? 'direct'
      : undefined
    if (grant === undefined || !statementApplies(statement, request, arn, tally)) continue
    record(policy, statement, tally)
    if (statement.effect === 'Allow' && (best === undefined || GRANT_STRENGTH[grant] > GRANT_STRENGTH[best])) best = grant
  }
  return best
}

/** Resource and conditions; the action was matched when the statement was picked (statementsFor). */
function statementApplies(statement: CompiledStatement, request: AuthorizationRequest, arn: ArnParts | undefined, tally: Tally): boolean {
  const { context } = request
  if (statement.resources && !matchesResource(statement.resources, request.resource, arn, context)) return false
  if (statement.notResources && matchesResource(statement.notResources, request.resource, arn, context)) return false
  return conditionsHold(statement, context, tally)
}

// Every condition must hold (reference_policies_multi-value-conditions: operators and keys are AND-ed).
function conditionsHold(statement: CompiledStatement, context: RequestContext, tally: Tally): boolean {
  for (const condition of statement.conditions) {
    if (!tally.keys.includes(condition.key)) tally.keys.push(condition.key)
    if (!condition.evaluate(context)) return false
  }
  return true
}

function record(policy: CompiledPolicy, statement: CompiledStatement, tally: Tally): void {
  if (statement.effect === 'Deny') tally.denied = true
  tally.matched.push({ policyId: policy.id, kind: policy.kind, statement: statement.label, effect: statement.effect })
}
