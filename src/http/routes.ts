import { Router } from 'express'
import type { AppDeps } from '../app.ts'
import { healthz, readyz } from './health.ts'
import { samlMetadata } from './saml-metadata.ts'
import { stsEndpoint } from './sts-endpoint.ts'

/** THE route table: every path the service answers is listed here. */
export function routes(deps: AppDeps): Router {
  const router = Router()
  router.get('/healthz', healthz)
  router.get('/readyz', readyz(deps.db))
  router.get('/saml/metadata', samlMetadata(deps.config.saml, deps.samlSpKey.certificatePem))
  // awsQuery (STS 2011-06-15, IAM 2010-05-08): POST form bodies, GET and presigned URLs (sts-wire.md §1).
  const awsQuery = stsEndpoint(deps)
  router.post('/', awsQuery)
  router.get('/', awsQuery)
  return router
}
