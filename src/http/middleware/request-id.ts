import { randomUUID } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

/** Every response carries `x-amzn-RequestId` (JS v3 reads it) and a `Date` header (clock-skew correction). */
export function assignRequestId(_req: Request, res: Response, next: NextFunction): void {
  const requestId = randomUUID()
  res.locals.requestId = requestId
  res.setHeader('x-amzn-RequestId', requestId)
  next()
}

export const requestIdOf = (res: Response): string => res.locals.requestId as string
