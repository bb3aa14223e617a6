import express, { type Express } from 'express'
import type { Config } from './config/config.ts'
import type { CredentialResolver } from './credentials/credential-resolver.ts'
import { errorBoundary, notFound } from './http/error-boundary.ts'
import { accessLog } from './http/middleware/access-log.ts'
import { rawBody } from './http/middleware/body.ts'
import { assignRequestId } from './http/middleware/request-id.ts'
import { securityHeaders } from './http/middleware/security-headers.ts'
import { routes } from './http/routes.ts'
import type { Logger } from './logging/logger.ts'
import type { SamlSpKey } from './storage/saml-sp-key.ts'
import type { UsageTracker } from './storage/usage-tracker.ts'
import type { AuditLog } from './storage/audit-log.ts'
import type { Database } from './storage/database.ts'
import type { ActionDefinition } from './sts/action.ts'

export interface AppDeps {
  readonly config: Config
  readonly db: Database
  readonly logger: Logger
  /** The awsQuery actions, keyed `${version}:${name}` (e.g. `2011-06-15:GetCallerIdentity`). */
  readonly actions: ReadonlyMap<string, ActionDefinition>
  /** Who signed a request: the secret of its access key and the caller it belongs to. */
  readonly credentials: CredentialResolver
  /** The time SigV4 windows and handlers read; tests move it. */
  readonly clock: () => Date
  /** Where every STS/IAM call is recorded before it is answered. */
  readonly audit: AuditLog
  /** Last-used times of access keys and roles (IAM GetAccessKeyLastUsed, RoleLastUsed). */
  readonly usage: UsageTracker
  /** stsgate's SAML SP key: its certificate is published in /saml/metadata. */
  readonly samlSpKey: SamlSpKey
}

/** Builds the express app from its dependencies; it neither listens nor reads the environment. */
export function createApp(deps: AppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  app.set('trust proxy', false)
  app.use(assignRequestId, accessLog(deps.logger), securityHeaders, rawBody)
  app.use(routes(deps))
  app.use(notFound)
  app.use(errorBoundary(deps.logger))
  return app
}
