import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/storage/audit-log.ts'
import { backend, openTestDatabase } from '../../support/database.ts'

async function adminConnection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await client.connect()
  return client
}
const terminateConnections = (admin: pg.Client, url: string) =>
  admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [new URL(url).pathname.slice(1)])

// Postgres ending our connections (a restart, pg_terminate_backend, DROP DATABASE … FORCE) is
// reported by the driver as an 'error' event; unheard, it would crash the process (it did, in CI).
describe.runIf(backend === 'postgres')('losing Postgres connections', () => {
  it('does not crash the process when the server ends them while the database closes', async () => {
    for (let round = 0; round < 10; round++) {
      const test = await openTestDatabase()
      await Promise.all(Array.from({ length: 6 }, () => test.db.prisma.$executeRawUnsafe('SELECT pg_sleep(0.02)')))
      const admin = await adminConnection()
      const closing = test.db.close()
      await terminateConnections(admin, test.url!)
      await closing
      await admin.end()
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })

  it('writes on a new connection after the server ended the idle ones', async () => {
    const test = await openTestDatabase()
    try {
      const audit = new AuditLog(test.db)
      await Promise.all(Array.from({ length: 6 }, () => test.db.prisma.$executeRawUnsafe('SELECT pg_sleep(0.02)')))
      const admin = await adminConnection()
      await terminateConnections(admin, test.url!)
      await admin.end()
      await new Promise((resolve) => setTimeout(resolve, 100))
      await audit.record({ requestId: 'after-loss', service: 'sts', action: 'GetCallerIdentity', outcome: 'success' })
      expect(await test.db.prisma.auditEvent.count({ where: { requestId: 'after-loss' } })).toBe(1)
    } finally {
      await test.close()
    }
  })
})
