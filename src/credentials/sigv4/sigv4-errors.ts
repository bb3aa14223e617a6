import { ServiceError } from '../../errors.ts'

/**
 * AWS's SigV4 error texts. Sources: AWS Common Errors (codes and statuses); messages as real
 * AWS services return them, collected by scratchstack-aws-signature (dacut), which mirrors
 * them for a server-side verifier, and seen in public issues (sts-wire.md §1.5).
 */
export const incompleteSignature = (message: string) => new ServiceError('IncompleteSignature', message)

export const missingAuthenticationToken = () =>
  new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token')

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

export const signatureDoesNotMatch = (message = SIGNATURE_MISMATCH_MESSAGE) =>
  new ServiceError('SignatureDoesNotMatch', message)

/** S3's answer to a presigned URL used after X-Amz-Expires (`<Code>AccessDenied</Code><Message>Request has expired`). */
export const requestHasExpired = () => new ServiceError('AccessDenied', 'Request has expired')
