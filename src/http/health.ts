import type { Request, Response } from 'express'
import type { Database } from '../storage/database.ts'

/** Liveness: the process answers. */
export function healthz(_req: Request, res: Response): void {
  res.json({ status: 'ok' })
}

/** Readiness: the database answers and every shipped migration is applied. */
export function readyz(db: Database) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      await db.ping()
      const migrations = await db.migrationStatus()
      if (!migrations.current) {
        res.status(503).json({ status: 'not ready', reason: 'database migrations are not current' })
        return
      }
      res.json({ status: 'ready' })
    } catch {
      res.status(503).json({ status: 'not ready', reason: 'database unreachable' })
    }
  }
}
