import { randomUUID } from 'node:crypto'
import { awsTimestamp } from '../protocol/xml-response.ts'
import type { AuditRecord, JsonObject } from '../storage/audit-log.ts'
import type { Caller } from './caller.ts'

/** Parameters that are credentials: CloudTrail shows that they were sent, never their value. */
const SECRET_PARAMETERS = new Set(['SAMLAssertion', 'WebIdentityToken', 'TokenCode', 'Password', 'SecretAccessKey', 'SessionToken', 'AddPrivateKey', 'AuthenticationCode1', 'AuthenticationCode2'])
// A parameter can be megabytes (SAMLMetadataDocument: up to 10 MB); the audit keeps its start and
// its length, as CloudTrail truncates large request parameters.
const KEPT_CHARACTERS = 2048
/** Transport and signing parameters, not the call's own. */
const ENVELOPE_PARAMETER = /^(Action|Version|X-Amz-.*)$/

/** Who made an unsigned call (AssumeRoleWithWebIdentity, AssumeRoleWithSAML), as CloudTrail's WebIdentityUser / SAMLUser. */
export interface FederatedCallIdentity {
  readonly type: 'WebIdentityUser' | 'SAMLUser'
  /** WebIdentityUser: `<provider ARN>:<audience>:<subject>`; SAMLUser: `<NameQualifier>:<subject>`. */
  readonly principalId: string
  readonly userName: string
  /** WebIdentityUser: the provider ARN; SAMLUser: the NameQualifier (as CloudTrail records them). */
  readonly identityProvider: string
  /** The account of the role asked for. */
  readonly accountId: string
}

export interface AuditedCall {
  readonly requestId: string
  readonly service: 'sts' | 'iam'
  readonly action: string
  readonly time: Date
  readonly caller: Caller | undefined
  /** For an unsigned call: who its verified token or assertion named. */
  readonly identity?: FederatedCallIdentity
  readonly sourceIp: string
  readonly userAgent: string | undefined
  readonly parameters: ReadonlyArray<readonly [string, string]>
  /** Only identifiers (an access key id), never secrets. */
  readonly responseElements?: JsonObject
  readonly error?: { readonly code: string; readonly message: string }
}

const IDENTITY_TYPE: Record<Caller['principal']['type'], string> = {
  root: 'Root', user: 'IAMUser', 'assumed-role': 'AssumedRole', 'federated-user': 'FederatedUser',
  'web-identity': 'WebIdentityUser', saml: 'SAMLUser', anonymous: 'AWSAccount',
}

/**
 * The audit row of one STS/IAM call, its detail shaped like a CloudTrail record (eventTime,
 * eventSource, eventName, userIdentity, sourceIPAddress, userAgent, requestParameters with
 * credentials redacted, responseElements, errorCode/errorMessage, requestID).
 */
export function auditRecordOf(call: AuditedCall): AuditRecord {
  const requestParameters: Record<string, string> = {}
  for (const [name, value] of call.parameters) {
    if (ENVELOPE_PARAMETER.test(name)) continue
    requestParameters[name] = SECRET_PARAMETERS.has(name.split('.')[0]!) ? '[redacted]' : kept(value)
  }
  const { caller, identity } = call
  return {
    requestId: call.requestId,
    service: call.service,
    action: call.action,
    outcome: call.error ? 'failure' : 'success',
    ...(call.error && { errorCode: call.error.code }),
    ...(caller && { accountId: caller.accountId, principalArn: caller.arn }),
    ...(!caller && identity && { accountId: identity.accountId }),
    sourceIp: call.sourceIp,
    ...(call.userAgent !== undefined && { userAgent: call.userAgent }),
    detail: {
      eventVersion: '1.08',
      eventTime: awsTimestamp(call.time),
      eventSource: `${call.service}.amazonaws.com`,
      eventName: call.action,
      eventType: 'AwsApiCall',
      eventID: randomUUID(),
      requestID: call.requestId,
      userIdentity: caller
        ? { type: IDENTITY_TYPE[caller.principal.type], principalId: caller.userId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId, ...sessionContextOf(caller) }
        : identity ? { type: identity.type, principalId: identity.principalId, userName: identity.userName, identityProvider: identity.identityProvider } : null,
      sourceIPAddress: call.sourceIp,
      userAgent: call.userAgent ?? null,
      requestParameters: Object.keys(requestParameters).length > 0 ? requestParameters : null,
      responseElements: call.responseElements ?? null,
      ...(call.error && { errorCode: call.error.code, errorMessage: call.error.message }),
    },
  }
}

function kept(value: string): string {
  return value.length <= KEPT_CHARACTERS ? value : `${value.slice(0, KEPT_CHARACTERS)}… [${value.length} characters]`
}

/** CloudTrail's userIdentity.sessionContext of temporary credentials: who issued them, when, with MFA or not. */
function sessionContextOf(caller: Caller): JsonObject {
  const session = caller.session
  if (!session) return {}
  const issuerArn = caller.principal.parentArn ?? caller.arn
  return {
    sessionContext: {
      ...(session.role && {
        sessionIssuer: { type: 'Role', principalId: session.role.id, arn: issuerArn, accountId: session.accountId, userName: session.role.name },
      }),
      attributes: { creationDate: awsTimestamp(new Date(session.issuedAt)), mfaAuthenticated: String(session.mfaAuthenticatedAt !== undefined) },
      ...(session.sourceIdentity !== undefined && { sourceIdentity: session.sourceIdentity }),
      ...(session.federation?.kind === 'web-identity' && { webIdFederationData: { federatedProvider: session.federation.provider, attributes: {} } }),
    },
  }
}
