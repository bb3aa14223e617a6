import { Router } from 'express'
import type { AppDeps } from '../app.ts'
import { healthz, readyz } from './health.ts'

/** THE route table: every path the service answers is listed here. */
export function routes(deps: AppDeps): Router {
  const router = Router()
  router.get('/healthz', healthz)
  router.get('/readyz', readyz(deps.db))
  return router
}
