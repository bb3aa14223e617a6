import type { NextFunction, Request, Response } from 'express'
import type { Logger } from '../../logging/logger.ts'
import { requestIdOf } from './request-id.ts'

/**
 * One line per request once it is answered. Logs the path only: query strings can hold
 * presigned signatures, session tokens and sign-in tokens.
 */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      logger.info({
        requestId: requestIdOf(res),
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      }, 'request')
    })
    next()
  }
}
