import type { Request, Response } from 'express'
import type { AppDeps } from '../app.ts'
import { verifySigV4, type VerifiedRequest } from '../credentials/sigv4/verify-request.ts'
import { internalFailure, ServiceError } from '../errors.ts'
import { namespaceFor, signingServiceFor } from '../protocol/namespaces.ts'
import { successResponseXml } from '../protocol/xml-response.ts'
import type { ActionDefinition } from '../sts/action.ts'
import { auditRecordOf, type AuditedCall, type FederatedCallIdentity } from '../sts/audit-record.ts'
import type { Caller } from '../sts/caller.ts'
import { assertCallerMayCall } from '../sts/caller-restrictions.ts'
import { registryKey } from '../sts/registry.ts'
import { readAwsQueryRequest, type AwsQueryRequest } from './aws-query-request.ts'
import { setXmlNamespace } from './error-boundary.ts'
import { requestIdOf } from './middleware/request-id.ts'

type EndpointDeps = Pick<AppDeps, 'actions' | 'credentials' | 'clock' | 'audit' | 'usage'>

/**
 * The awsQuery router (CONVENTIONS 1): params -> Version/Action -> refuse unknown params ->
 * SigV4 when the action is signed -> parse -> handle -> `<ActionResponse>` XML. Errors are
 * thrown to the error boundary, which answers with the requested version's namespace.
 */
export function stsEndpoint(deps: EndpointDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const requestId = requestIdOf(res)
    const now = deps.clock()
    const call = {
      request: undefined as AwsQueryRequest | undefined,
      caller: undefined as Caller | undefined,
      identity: undefined as FederatedCallIdentity | undefined,
      audited: false,
    }
    const audit = (outcome: Pick<AuditedCall, 'error' | 'responseElements'>) => {
      call.audited = true
      const version = call.request?.params.get('Version')
      return deps.audit.record(auditRecordOf({
        requestId, time: now,
        service: signingServiceFor(version === '2010-05-08' ? version : '2011-06-15'),
        action: call.request?.params.get('Action') || 'Unknown',
        caller: call.caller,
        ...(call.identity && { identity: call.identity }),
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: req.get('user-agent'),
        parameters: call.request?.params.entries ?? [],
        ...outcome,
      }))
    }
    try {
      const request = (call.request = readAwsQueryRequest(req))
      const version = request.params.get('Version')
      setXmlNamespace(res, namespaceFor(version))
      const action = findAction(deps.actions, request.params.get('Action'), version)
      request.params.assertOnly(action.parameters)
      const verified = action.signed ? await verify(request, deps, action, now) : undefined
      call.caller = verified?.caller
      if (verified) {
        assertCallerMayCall(verified.caller, action.version, action.name)
        if (!verified.caller.temporary) await deps.usage.accessKeyUsed(verified.caller.accessKeyId, signingServiceFor(action.version), verified.region, now)
      }
      const input = action.parse(request.params)
      const result = await action.handle(input, {
        requestId, caller: call.caller, region: verified?.region, sourceIp: req.socket.remoteAddress ?? '', userAgent: req.get('user-agent'), now,
        identify: (identity) => { call.identity = identity },
      })
      // Recorded before the answer leaves: a call whose audit write fails, fails.
      await audit(action.auditResponse ? { responseElements: action.auditResponse(result) } : {})
      res.status(200).type('text/xml').send(successResponseXml(action.name, namespaceFor(action.version), result, requestId))
    } catch (error) {
      if (!call.audited) {
        const failure = error instanceof ServiceError ? error : internalFailure()
        await audit({ error: { code: failure.code, message: failure.message } })
      }
      throw error
    }
  }
}

/**
 * AWS answers an unknown Action or Version with InvalidAction `Could not find operation <A> for
 * version <V>`, `NO_VERSION_SPECIFIED` standing in for a missing Version; a missing Action is
 * MissingAction (AWS Common Errors).
 */
function findAction(actions: EndpointDeps['actions'], name: string | undefined, version: string | undefined): ActionDefinition {
  if (name === undefined || name === '') throw new ServiceError('MissingAction', 'Missing Action')
  const action = version === undefined ? undefined : actions.get(registryKey(version, name))
  if (!action) throw new ServiceError('InvalidAction', `Could not find operation ${name} for version ${version || 'NO_VERSION_SPECIFIED'}`)
  return action
}

function verify(request: AwsQueryRequest, deps: EndpointDeps, action: ActionDefinition, now: Date): Promise<VerifiedRequest> {
  const { method, path, rawQuery, headers, body } = request
  return verifySigV4({ method, path, query: rawQuery, headers, body }, deps.credentials, now, {
    service: signingServiceFor(action.version),
  })
}
