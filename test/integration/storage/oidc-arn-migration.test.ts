import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { databaseOverPglite, openDatabase, type Database } from '../../../src/storage/database.ts'
import { migrationFiles } from '../../../src/storage/migrations.ts'
import { backend, createEmptyPostgresDatabase, postgresUrl } from '../../support/database.ts'

// An OIDC provider's ARN keeps the issuer URL's trailing slash (src/iam/arns.ts); this migration
// moves the ARNs stored before, which dropped it. The runner cannot stop half-way, so the test runs
// the earlier migrations' SQL itself, in name order, writes rows the old way, then runs this one.
const MIGRATION = '20261206165135_oidc_provider_arn_keeps_trailing_slash'
const ACCOUNT = '111122223333'
const arn = (providerId: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${providerId}`

interface EmptyDatabase {
  readonly db: Database
  /** Runs a SQL script (several statements) straight through the driver. */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}

/** A database of the configured backend with no migration applied. */
async function openEmptyDatabase(): Promise<EmptyDatabase> {
  if (postgresUrl) {
    const created = await createEmptyPostgresDatabase()
    const db = await openDatabase({ kind: 'postgres', url: created.url })
    const client = new pg.Client({ connectionString: created.url })
    await client.connect()
    return {
      db,
      exec: async (sql) => { await client.query(sql) },
      close: async () => { await client.end(); await db.close(); await created.drop() },
    }
  }
  const pglite = await PGlite.create()
  const db = databaseOverPglite(pglite)
  return { db, exec: async (sql) => { await pglite.exec(sql) }, close: () => db.close() }
}

describe(`migration ${MIGRATION} on ${backend}`, () => {
  let test: EmptyDatabase | undefined
  afterEach(async () => { await test?.close(); test = undefined })

  it('gives a provider whose URL ends in "/" the ARN that keeps it, and moves the mapping rules naming the old ARN', async () => {
    const files = migrationFiles()
    const index = files.findIndex((file) => file.name === MIGRATION)
    expect(index).toBeGreaterThan(0)
    test = await openEmptyDatabase()
    for (const file of files.slice(0, index)) await test.exec(file.sql)

    const { prisma } = test.db
    await prisma.account.create({ data: { id: ACCOUNT } })
    await prisma.oidcProvider.createMany({
      data: [
        { arn: arn('tenant.example'), accountId: ACCOUNT, url: 'https://tenant.example/' },
        { arn: arn('127.0.0.1:8080'), accountId: ACCOUNT, url: 'http://127.0.0.1:8080/' },
        { arn: arn('ci.example.com'), accountId: ACCOUNT, url: 'https://ci.example.com' },
      ],
    })
    await prisma.mappingRule.createMany({
      data: [
        { accountId: ACCOUNT, name: 'tenant', providerArn: arn('tenant.example'), predicate: {}, roleArns: [] },
        { accountId: ACCOUNT, name: 'local', providerArn: arn('127.0.0.1:8080'), predicate: {}, roleArns: [] },
        { accountId: ACCOUNT, name: 'ci', providerArn: arn('ci.example.com'), predicate: {}, roleArns: [] },
        { accountId: ACCOUNT, name: 'saml', providerArn: `arn:aws:iam::${ACCOUNT}:saml-provider/tenant.example`, predicate: {}, roleArns: [] },
      ],
    })

    await test.exec(files[index]!.sql)

    expect(await prisma.oidcProvider.findMany({ select: { url: true, arn: true }, orderBy: { url: 'asc' } })).toEqual([
      { url: 'http://127.0.0.1:8080/', arn: arn('127.0.0.1:8080/') },
      { url: 'https://ci.example.com', arn: arn('ci.example.com') },
      { url: 'https://tenant.example/', arn: arn('tenant.example/') },
    ])
    expect(await prisma.mappingRule.findMany({ select: { name: true, providerArn: true }, orderBy: { name: 'asc' } })).toEqual([
      { name: 'ci', providerArn: arn('ci.example.com') },
      { name: 'local', providerArn: arn('127.0.0.1:8080/') },
      { name: 'saml', providerArn: `arn:aws:iam::${ACCOUNT}:saml-provider/tenant.example` },
      { name: 'tenant', providerArn: arn('tenant.example/') },
    ])
  })
})
