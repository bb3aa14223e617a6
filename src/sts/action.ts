import type { QueryParams } from '../protocol/query-params.ts'
import type { JsonObject } from '../storage/audit-log.ts'
import type { FederatedCallIdentity } from './audit-record.ts'
import type { Caller } from './caller.ts'

/** The API version an action belongs to: STS 2011-06-15, IAM 2010-05-08 (same endpoint). */
export type ApiVersion = '2011-06-15' | '2010-05-08'

/** What a handler knows about the call besides its input; never req/res. */
export interface CallContext {
  readonly requestId: string
  /** The verified signer; undefined for unsigned actions (AssumeRoleWithSAML / WebIdentity). */
  readonly caller: Caller | undefined
  /** The region the request was signed for; undefined for unsigned actions. */
  readonly region: string | undefined
  readonly sourceIp: string
  readonly userAgent: string | undefined
  readonly now: Date
  /**
   * Unsigned actions: names who made the call once their token or assertion verified, so the
   * audit record says who, whether the call then succeeds or is refused.
   */
  readonly identify?: (identity: FederatedCallIdentity) => void
}

/**
 * One awsQuery action (CONVENTIONS: one module per action). The router does: body limit ->
 * Version -> Action -> reject unknown or duplicate params -> SigV4 (when signed) -> parse ->
 * handle -> serialise `result` as the children of `<ActionResult>`.
 */
export interface ActionDefinition<Input = unknown, Result = unknown> {
  readonly name: string
  readonly version: ApiVersion
  /** False only for AssumeRoleWithSAML and AssumeRoleWithWebIdentity. */
  readonly signed: boolean
  /**
   * Top-level parameter names the action accepts besides Action and Version; list members are
   * named by their prefix (`Tags` admits `Tags`, `Tags.member.N.Key`, `Tags.member.N.Value`).
   */
  readonly parameters: readonly string[]
  /** Typed input from the query parameters; throws ServiceError ValidationError. */
  parse(params: QueryParams): Input
  handle(input: Input, call: CallContext): Promise<Result>
  /** What the audit record keeps of a result: identifiers only (an access key id), never secrets. */
  auditResponse?(result: Result): JsonObject
}
