import type { QueryParams } from '../protocol/query-params.ts'
import { IAM_VERSION } from '../protocol/namespaces.ts'
import type { JsonObject } from '../storage/audit-log.ts'
import type { ActionDefinition, CallContext } from '../sts/action.ts'
import type { Caller } from '../sts/caller.ts'
import { callerContext } from '../sts/caller-context.ts'
import type { RequestContextBuilder } from '../policy/index.ts'
import type { IamDeps } from './iam-deps.ts'

/** A signed IAM call: the verified caller is always there. */
export interface IamCall extends CallContext {
  readonly caller: Caller
}

/**
 * One IAM action as a module writes it: parse, the resource it is authorized on, run. iamAction()
 * makes it an endpoint action that asks the policy engine `iam:<Name>` on that resource first,
 * so no handler can forget to (IAM "Actions, resources, and condition keys for IAM").
 */
export interface IamActionSpec<Input, Result> {
  readonly name: string
  /** Top-level parameters besides Action and Version (see ActionDefinition.parameters). */
  readonly parameters: readonly string[]
  parse(params: QueryParams): Input
  /**
   * The ARN the call is authorized on, in the caller's account: `user/PATH/NAME`, `role/…`,
   * `policy/…`, `mfa/…`, `saml-provider/…`, `oidc-provider/…`, or `*` for List actions that
   * AWS authorizes on `*`. May read storage to learn an existing entity's path.
   */
  resource(input: Input, caller: Caller): string | Promise<string>
  /** Condition keys of the request (aws:RequestTag/…, aws:TagKeys, iam:PermissionsBoundary…). */
  conditions?(input: Input, context: RequestContextBuilder): void
  run(input: Input, call: IamCall): Promise<Result>
  /** What the audit record keeps of a result: identifiers only, never secrets. */
  auditResponse?(result: Result): JsonObject
}

// Reads are named Get…, List… (and the simulator's Simulate…); every other action changes IAM.
const READ_ONLY = /^(Get|List|Simulate)/

/**
 * The endpoint action of an IAM spec: authorized by the policy engine before it runs; after a
 * change, this process's IAM caches are forgotten, so the next request sees it.
 */
export function iamAction<Input, Result>(deps: Pick<IamDeps, 'authorizer' | 'changed'>, spec: IamActionSpec<Input, Result>): ActionDefinition<Input, Result> {
  const { authorizer } = deps
  const changes = !READ_ONLY.test(spec.name)
  return {
    name: spec.name,
    version: IAM_VERSION,
    signed: true,
    parameters: spec.parameters,
    parse: (params) => spec.parse(params),
    async handle(input, call) {
      // The endpoint verified the signature of every signed action: a caller is there.
      const caller = call.caller!
      const permissions = await authorizer.permissions(caller)
      const context = callerContext(caller, call, permissions)
      spec.conditions?.(input, context)
      const resource = await spec.resource(input, caller)
      await authorizer.require(caller, permissions, { action: `iam:${spec.name}`, resource, context: context.build() })
      try {
        return await spec.run(input, { ...call, caller })
      } finally {
        // Even a failed change may have written (a race lost after a read): forget either way.
        if (changes) deps.changed()
      }
    },
    ...(spec.auditResponse && { auditResponse: spec.auditResponse }),
  }
}
