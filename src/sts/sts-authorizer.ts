import { ServiceError } from '../errors.ts'
import { authorize, type CompiledPolicy, type Decision, type RequestContext } from '../policy/index.ts'
import { encodeAuthorizationMessage, type MessageKeys } from './authorization-message.ts'
import type { Caller } from './caller.ts'
import { permissionsOf, type CallerPermissions, type PermissionSource } from './caller-permissions.ts'

export interface AuthorizedRequest {
  readonly action: string
  readonly resource: string
  readonly context: RequestContext
  /** The resource's policy (a role's trust policy). */
  readonly resourcePolicy?: CompiledPolicy
}

/**
 * Decides STS calls with the policy engine. A denial is AccessDenied in AWS's words, carrying an
 * encoded authorization message that DecodeAuthorizationMessage reads.
 */
export class StsAuthorizer {
  constructor(
    readonly source: PermissionSource,
    private readonly messageKeys: MessageKeys,
  ) {}

  permissions(caller: Caller): Promise<CallerPermissions> {
    return permissionsOf(caller, this.source)
  }

  /** Throws AccessDenied unless the caller, with these permissions, may make the request. */
  async require(caller: Caller, permissions: CallerPermissions, request: AuthorizedRequest): Promise<void> {
    const decision = authorize(
      { principal: caller.principal, action: request.action, resource: request.resource, context: request.context },
      {
        identity: permissions.identity,
        ...(request.resourcePolicy && { resource: request.resourcePolicy }),
        ...(permissions.boundary && { boundary: permissions.boundary }),
        ...(permissions.session && { session: permissions.session }),
      },
    )
    if (decision.outcome !== 'allowed') throw await this.denial(caller, request, decision)
  }

  /** AccessDenied for a request decided without the engine (the role does not exist). */
  async deny(caller: Caller, request: AuthorizedRequest, reason: string): Promise<ServiceError> {
    return this.denial(caller, request, { outcome: 'implicitDeny', matched: [], evaluatedKeys: [], reason })
  }

  async denial(caller: Caller, request: AuthorizedRequest, decision: Decision): Promise<ServiceError> {
    const encoded = await encodeAuthorizationMessage({ caller, ...request, decision }, this.messageKeys)
    return new ServiceError('AccessDenied',
      `User: ${caller.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}. Encoded authorization failure message: ${encoded}`)
  }
}
