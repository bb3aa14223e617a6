import type { DesiredState } from '../../apply/desired-state.ts'
import type { Step } from '../../apply/plan-steps.ts'
import type { Snapshot } from '../../apply/snapshot.ts'
import type { Database } from '../database.ts'
import type { SecretBox } from '../secret-box.ts'
import { executePlan } from './execute-plan.ts'
import { loadSnapshot } from './load-snapshot.ts'

/** What an apply may do inside its transaction: read the current state, then write its plan. */
export interface DeclaredStateSession {
  loadSnapshot(desired: DesiredState, prune: boolean): Promise<Snapshot>
  execute(steps: readonly Step[]): Promise<void>
}

// Generous: a large file means many small statements.
const TRANSACTION = { timeout: 60_000, maxWait: 10_000 }
// Serialises applies (two instances starting with the same STSGATE_CONFIG): the second plans
// against what the first committed instead of failing on its rows. Not Prisma's migration lock key.
const APPLY_LOCK_KEY = 1937011559

/**
 * Runs `work` in one transaction under the apply lock, so the plan is made against the state it
 * is applied to and a failure anywhere rolls back every write.
 */
export async function inDeclaredStateTransaction<T>(
  db: Database,
  secrets: SecretBox,
  work: (session: DeclaredStateSession) => Promise<T>,
): Promise<T> {
  return db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${APPLY_LOCK_KEY})`)
    return work({
      loadSnapshot: (desired, prune) => loadSnapshot(tx, desired, secrets, prune),
      execute: (steps) => executePlan(tx, steps, secrets),
    })
  }, TRANSACTION)
}
