import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** Runs `work` with the URL of a new, empty database on the Postgres `server`, dropped afterwards. */
export async function withTemporaryDatabase<T>(server: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `stsgate_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
    const url = new URL(server)
    url.pathname = `/${name}`
    try {
      return await work(url.toString())
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    }
  } finally {
    await admin.end()
  }
}
