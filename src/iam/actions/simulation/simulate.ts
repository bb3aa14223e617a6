import {
  authorize, compileDocument, type ApplicablePolicies, type CompiledPolicy, type Decision, type DecisionOutcome,
  type PolicyDocument, type PolicyKind, type RequestContext, type RequestPrincipal,
} from '../../../policy/index.ts'
import { statementSpans, type StatementSpan, type TextPosition } from './statement-positions.ts'

/** A policy taking part in a simulation, named as MatchedStatements name it. */
export interface SimulationPolicy {
  /** SourcePolicyId: `PolicyInputList.1`, an inline or managed policy's name, `ResourcePolicy`. */
  readonly sourceId: string
  /** SourcePolicyType: `IAM Policy` (given in the request), `user`, `role`, `user-managed`, `resource`. */
  readonly sourceType: string
  readonly text: string
  readonly document: PolicyDocument
}

export interface Simulation {
  readonly identity: readonly SimulationPolicy[]
  readonly boundary: SimulationPolicy | undefined
  readonly resourcePolicy: SimulationPolicy | undefined
  /** The simulated caller: whom a resource policy's Principal is compared with. */
  readonly principal: RequestPrincipal
  /** The account of resources whose ARN names none (ResourceOwner); the caller's by default. */
  readonly resourceOwner: string | undefined
  readonly actionNames: readonly string[]
  /** Undefined: the simulation runs once per action on `*`. */
  readonly resourceArns: readonly string[] | undefined
  readonly context: RequestContext
}

export interface MatchedStatementResult {
  readonly SourcePolicyId: string
  readonly SourcePolicyType: string
  readonly StartPosition: TextPosition
  readonly EndPosition: TextPosition
}

interface Outcome {
  readonly MatchedStatements: MatchedStatementResult[]
  readonly MissingContextValues: string[]
  readonly PermissionsBoundaryDecisionDetail?: { readonly AllowedByPermissionsBoundary: boolean }
}

export interface ResourceSpecificResult extends Outcome {
  readonly EvalResourceName: string
  readonly EvalResourceDecision: DecisionOutcome
}

/** One EvaluationResult, members in the IAM model's order. */
export interface EvaluationResult extends Outcome {
  readonly EvalActionName: string
  readonly EvalResourceName: string
  readonly EvalDecision: DecisionOutcome
  readonly ResourceSpecificResults?: ResourceSpecificResult[]
}

/**
 * Decides every (action, resource) pair with the policy engine, as IAM's simulator reports it
 * (IAM API Reference, EvaluationResult): one result per pair, actions first. With explicit
 * resources, each result also carries its ResourceSpecificResults and the missing context keys
 * move there; on `*` they stay on the result. MatchedStatements are the statements that decided:
 * the Deny statements of an explicit deny, the Allow statements of an allow, none for an implicit
 * deny. PermissionsBoundaryDecisionDetail appears when a boundary takes part.
 */
export function simulate(simulation: Simulation): EvaluationResult[] {
  const policies = new SimulationPolicies(simulation)
  const results: EvaluationResult[] = []
  for (const action of simulation.actionNames) {
    if (simulation.resourceArns === undefined) {
      const { decision, outcome } = policies.decide(action, '*')
      results.push({ EvalActionName: action, EvalResourceName: '*', EvalDecision: decision.outcome, ...outcome })
      continue
    }
    for (const resource of simulation.resourceArns) {
      const { decision, outcome } = policies.decide(action, resource)
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision.outcome,
        ...outcome,
        MissingContextValues: [],
        ResourceSpecificResults: [{ EvalResourceName: resource, EvalResourceDecision: decision.outcome, ...outcome }],
      })
    }
  }
  return results
}

/** The compiled policies of one simulation, and what names their statements in results. */
class SimulationPolicies {
  readonly #sources: SimulationPolicy[] = []
  readonly #compiled: CompiledPolicy[] = []
  readonly #spans = new Map<number, StatementSpan[]>()
  /** Condition keys as the policies spell them, by lower-cased key (the engine reports them so). */
  readonly #keySpelling = new Map<string, string>()
  readonly #applicable: ApplicablePolicies
  readonly #boundaryOnly: ApplicablePolicies | undefined

  constructor(private readonly simulation: Simulation) {
    const identity = simulation.identity.map((policy) => this.#add(policy, 'identity'))
    const boundary = simulation.boundary && this.#add(simulation.boundary, 'boundary')
    const resource = simulation.resourcePolicy && this.#add(simulation.resourcePolicy, 'resource')
    this.#applicable = { identity, ...(boundary && { boundary }), ...(resource && { resource }) }
    // AllowedByPermissionsBoundary: the boundary alone has a matching Allow and no matching Deny
    // (IAM API Reference, PermissionsBoundaryDecisionDetail).
    this.#boundaryOnly = boundary && { identity: [boundary] }
  }

  decide(action: string, resource: string): { decision: Decision; outcome: Outcome } {
    const { principal, context, resourceOwner } = this.simulation
    const ownerless = resource === '*' || /^arn:[^:]*:[^:]*:[^:]*::/.test(resource)
    const request = { principal, action, resource, context, ...(ownerless && resourceOwner !== undefined && { resourceAccountId: resourceOwner }) }
    const decision = authorize(request, this.#applicable)
    const boundaryAllows = this.#boundaryOnly && authorize({ ...request, resourceAccountId: principal.accountId ?? '' }, this.#boundaryOnly).outcome === 'allowed'
    return {
      decision,
      outcome: {
        MatchedStatements: this.#matched(decision),
        MissingContextValues: decision.evaluatedKeys.filter((key) => context.values(key) === undefined).map((key) => this.#keySpelling.get(key) ?? key),
        ...(boundaryAllows !== undefined && { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: boundaryAllows } }),
      },
    }
  }

  #add(policy: SimulationPolicy, kind: PolicyKind): CompiledPolicy {
    const index = this.#sources.length
    const compiled = compileDocument(policy.document, kind, String(index))
    this.#sources.push(policy)
    this.#compiled.push(compiled)
    for (const statement of policy.document.statements) {
      for (const condition of statement.conditions) {
        const folded = condition.key.toLowerCase()
        if (!this.#keySpelling.has(folded)) this.#keySpelling.set(folded, condition.key)
      }
    }
    return compiled
  }

  #matched(decision: Decision): MatchedStatementResult[] {
    if (decision.outcome === 'implicitDeny') return []
    const effect = decision.outcome === 'explicitDeny' ? 'Deny' : 'Allow'
    const results: MatchedStatementResult[] = []
    const seen = new Set<string>()
    for (const matched of decision.matched) {
      if (matched.effect !== effect || seen.has(`${matched.policyId}\n${matched.statement}`)) continue
      seen.add(`${matched.policyId}\n${matched.statement}`)
      const index = Number(matched.policyId)
      const source = this.#sources[index]!
      // Sids are unique within a policy and unnamed statements are labelled `#<index>`, so the
      // label finds the statement's place in the document.
      const statementIndex = this.#compiled[index]!.statements.findIndex((statement) => statement.label === matched.statement)
      const span = this.#spansOf(index)[statementIndex]
      if (span === undefined) continue
      results.push({ SourcePolicyId: source.sourceId, SourcePolicyType: source.sourceType, StartPosition: span.start, EndPosition: span.end })
    }
    return results
  }

  #spansOf(index: number): StatementSpan[] {
    let spans = this.#spans.get(index)
    if (spans === undefined) {
      spans = statementSpans(this.#sources[index]!.text)
      this.#spans.set(index, spans)
    }
    return spans
  }
}
