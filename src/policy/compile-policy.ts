import type { CompiledPolicy, CompiledStatement } from './compiled-policy.ts'
import { compileCondition } from './conditions/compile-condition.ts'
import type { PolicyDocument, PolicyKind } from './document.ts'
import { compileActions } from './matchers/action-matcher.ts'
import { compilePrincipals } from './matchers/principal-matcher.ts'
import { compileResources } from './matchers/resource-matcher.ts'
import { parsePolicyDocument } from './parse-policy.ts'

// Compiled statements by policy kind and text: a policy read again from storage is not parsed
// again. Bounded; the oldest entry goes first.
const CACHE_LIMIT = 10_000
const cache = new Map<string, Compiled>()

interface Compiled {
  readonly statements: readonly CompiledStatement[]
  readonly statementsByAction: Map<string, readonly CompiledStatement[]>
}

/**
 * Parses and compiles a policy document once per distinct (kind, text); `id` names it in
 * decisions. Throws ServiceError MalformedPolicyDocument for an invalid document (size limits
 * are the writer's concern: see size-limits.ts).
 */
export function compilePolicy(text: string, kind: PolicyKind, id: string): CompiledPolicy {
  const key = `${kind}\n${text}`
  let compiled = cache.get(key)
  if (compiled === undefined) {
    compiled = { statements: compileStatements(parsePolicyDocument(text, kind)), statementsByAction: new Map() }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
    cache.set(key, compiled)
  }
  return { id, kind, ...compiled }
}

/** Compiles an already parsed document (not cached). */
export function compileDocument(document: PolicyDocument, kind: PolicyKind, id: string): CompiledPolicy {
  return { id, kind, statements: compileStatements(document), statementsByAction: new Map() }
}

function compileStatements(document: PolicyDocument): readonly CompiledStatement[] {
  const { version } = document
  return document.statements.map((statement) => ({
    label: statement.sid ?? `#${statement.index}`,
    effect: statement.effect,
    actions: statement.action && compileActions(statement.action, version),
    notActions: statement.notAction && compileActions(statement.notAction, version),
    resources: statement.resource && compileResources(statement.resource, version),
    notResources: statement.notResource && compileResources(statement.notResource, version),
    principals: statement.principal && compilePrincipals(statement.principal),
    notPrincipals: statement.notPrincipal && compilePrincipals(statement.notPrincipal),
    conditions: statement.conditions.map((condition) => compileCondition(condition, version)),
  }))
}
