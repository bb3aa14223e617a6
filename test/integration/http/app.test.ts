import { once } from 'node:events'
import type { AddressInfo, Server } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app.ts'
import { loadConfig } from '../../../src/config/load.ts'
import { createLogger } from '../../../src/logging/logger.ts'
import { UsageTracker } from '../../../src/storage/usage-tracker.ts'
import { AuditLog } from '../../../src/storage/audit-log.ts'
import { ServiceError } from '../../../src/errors.ts'
import { databaseOverPglite, type Database } from '../../../src/storage/database.ts'
import { backend, openTestDatabase, type TestDatabase } from '../../support/database.ts'

async function serve(db: Database): Promise<{ base: string; server: Server; logs: () => string }> {
  let written = ''
  const destination = new Writable({ write(chunk, _encoding, done) { written += chunk; done() } })
  const app = createApp({
    config: loadConfig({}),
    db,
    logger: createLogger({ level: 'info', pretty: false, destination }),
    actions: new Map(),
    credentials: { resolve: () => Promise.reject(new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.')) },
    clock: () => new Date(),
    audit: new AuditLog(db),
    usage: new UsageTracker(db),
    // The database may not be migrated yet (readiness): no key ring to read a key from.
    samlSpKey: { id: 'unused', privateKeyPem: '', certificatePem: '' },
  })
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, logs: () => written }
}

describe(`HTTP app on ${backend}`, () => {
  let test: TestDatabase
  let app: Awaited<ReturnType<typeof serve>>
  beforeAll(async () => { test = await openTestDatabase(); app = await serve(test.db) })
  afterAll(async () => { app.server.close(); await test.close() })

  it('answers /healthz and /readyz with 200 and a request id', async () => {
    const health = await fetch(`${app.base}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${app.base}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })
    expect(ready.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(ready.headers.get('date')).toBeTruthy()
  })

  it('sends strict security headers', async () => {
    const response = await fetch(`${app.base}/healthz`)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-powered-by')).toBeNull()
  })

  it('answers an unknown route with an AWS-shaped 404 whose RequestId matches the header', async () => {
    const response = await fetch(`${app.base}/nowhere?X-Amz-Signature=abc`)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8')
    const requestId = response.headers.get('x-amzn-requestid')
    expect(await response.text()).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
        '<Code>NotFound</Code><Message>No route for GET /nowhere.</Message></Error>' +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    )
  })

  it('refuses a body over 256 KiB with RequestEntityTooLarge (413)', async () => {
    const response = await fetch(`${app.base}/`, { method: 'POST', body: 'A'.repeat(256 * 1024 + 1) })
    expect(response.status).toBe(413)
    expect(await response.text()).toContain('<Code>RequestEntityTooLarge</Code>')
  })

  it('logs each request by path only: query strings (signatures, tokens) never reach the log', async () => {
    await fetch(`${app.base}/healthz?X-Amz-Security-Token=SECRET-TOKEN`)
    const line = app.logs().split('\n').filter(Boolean).map((entry) => JSON.parse(entry) as Record<string, unknown>)
      .find((entry) => entry.path === '/healthz')
    expect(line).toMatchObject({ msg: 'request', method: 'GET', status: 200 })
    expect(app.logs()).not.toContain('SECRET-TOKEN')
  })
})

describe('readiness without migrations', () => {
  it('answers /readyz 503 while migrations are not current, and 200 once applied', async () => {
    const db = databaseOverPglite(await PGlite.create())
    const app = await serve(db)
    try {
      const before = await fetch(`${app.base}/readyz`)
      expect(before.status).toBe(503)
      expect(await before.json()).toEqual({ status: 'not ready', reason: 'database migrations are not current' })
      await db.migrate()
      expect((await fetch(`${app.base}/readyz`)).status).toBe(200)
    } finally {
      app.server.close()
      await db.close()
    }
  })
})
