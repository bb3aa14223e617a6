import type { NextFunction, Request, Response } from 'express'
import { internalFailure, ServiceError } from '../errors.ts'
import type { Logger } from '../logging/logger.ts'
import { errorResponseXml } from '../protocol/error-response.ts'
import { requestIdOf } from './middleware/request-id.ts'

/** Errors of an IAM (2010-05-08) request carry IAM's xmlns; the awsQuery router records it here. */
export const setXmlNamespace = (res: Response, namespace: string): void => { res.locals.xmlNamespace = namespace }

export function sendServiceError(res: Response, error: ServiceError): void {
  const namespace = res.locals.xmlNamespace as string | undefined
  res.status(error.status).type('text/xml').send(errorResponseXml(error, requestIdOf(res), namespace))
}

export function notFound(req: Request, res: Response): void {
  sendServiceError(res, new ServiceError('NotFound', `No route for ${req.method} ${req.path}.`))
}

/**
 * The last handler: wire errors are serialised as AWS's ErrorResponse; anything else is logged
 * with its cause and answered with a canned InternalFailure (no stack trace leaves the process).
 */
export function errorBoundary(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error)
    const status = (error as { status?: unknown }).status
    if (error instanceof ServiceError) return sendServiceError(res, error)
    if ((error as { type?: unknown }).type === 'entity.too.large') {
      return sendServiceError(res, new ServiceError('RequestEntityTooLarge', 'Request body is too large.'))
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser rejections (aborted upload, unsupported encoding): for awsQuery the body is the query string.
      return sendServiceError(res, new ServiceError('MalformedQueryString', 'The request body could not be read.'))
    }
    logger.error({ requestId: requestIdOf(res), path: req.path, err: error }, 'unhandled error')
    sendServiceError(res, internalFailure())
  }
}
