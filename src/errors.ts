/**
 * The closed set of wire errors stsgate returns: AWS code -> HTTP status. Domain code throws
 * ServiceError; only the HTTP boundary serialises it. docs/errors.md lists every code (a test
 * keeps the two in step). A 5xx carries a canned message; its cause goes to the log only.
 */
export const ERROR_STATUS = {
  InternalFailure: 500,
  ServiceUnavailable: 503,
  /** No route for this method and path. */
  NotFound: 404,
  RequestEntityTooLarge: 413,
  // AWS common errors give this one 404, surprising as it is (API Reference, "Common Errors").
  MalformedQueryString: 404,
  MalformedPolicyDocument: 400,
  /** Session policies and tags exceed the packed budget (STS PackedPolicyTooLargeException). */
  PackedPolicyTooLarge: 400,
  /** DecodeAuthorizationMessage: not a message stsgate encoded for this account. */
  InvalidAuthorizationMessageException: 400,
  /** Unknown Action for the Version, or an unknown Version (AWS: `Could not find operation …`). */
  InvalidAction: 400,
  MissingAction: 400,
  /** A parameter the action does not take, one given twice, or a malformed member list. */
  InvalidQueryParameter: 400,
  ValidationError: 400,
  InvalidParameterValue: 400,
  IncompleteSignature: 400,
  MissingAuthenticationToken: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  /** The session token the request was signed with has expired (no `Exception` suffix). */
  ExpiredToken: 403,
  AccessDenied: 403,
  // The federation actions' modeled errors (AssumeRoleWithWebIdentity, AssumeRoleWithSAML).
  /** The web identity token or SAML assertion is malformed, unverifiable, from an unknown provider, or for another audience. */
  InvalidIdentityToken: 400,
  /** The web identity token or SAML assertion has expired (unlike ExpiredToken, which is about the signing credentials). */
  ExpiredTokenException: 400,
  /** The token verified, but a claim it carries cannot be accepted (session tags, source identity, subject). */
  IDPRejectedClaim: 403,
  /** The identity provider's keys could not be fetched; retryable (botocore retries this code with 400). */
  IDPCommunicationError: 400,
  // IAM's modeled errors (IAM API Reference, "Errors" of each action).
  /** IAM: a user, role, policy, provider or device with that name already exists. */
  EntityAlreadyExists: 409,
  /** IAM: the named entity does not exist (404, unlike STS's 400s). */
  NoSuchEntity: 404,
  /** IAM: a quota would be exceeded (versions per policy, tags, keys per user…). */
  LimitExceeded: 409,
  /** IAM: the entity still has what must be removed first (keys, policies, attachments…). */
  DeleteConflict: 409,
  /** IAM: a well-formed value that breaks a rule IAM checks beyond its model (its ValidationError sibling). */
  InvalidInput: 400,
  /** IAM EnableMFADevice / ResyncMFADevice: the authentication codes are not valid for the device. */
  InvalidAuthenticationCode: 403,
  /** IAM: a concurrent change to the same entity won; retrying may succeed. */
  ConcurrentModification: 409,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

export class ServiceError extends Error {
  override readonly name = 'ServiceError'
  readonly status: number

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.status = ERROR_STATUS[code]
  }

  /** AWS's `<Type>`: the caller's fault (4xx) or ours (5xx). */
  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender'
  }
}

export const internalFailure = () =>
  new ServiceError('InternalFailure', 'We encountered an internal error. Please try again.')
