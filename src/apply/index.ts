import { readFile } from 'node:fs/promises'
import type { Database } from '../storage/database.ts'
import { inDeclaredStateTransaction } from '../storage/declared-state/declared-state-transaction.ts'
import type { SecretBox } from '../storage/secret-box.ts'
import { computePlan } from './compute-plan.ts'
import { ConfigFileError } from './config-file-error.ts'
import { parseConfigText } from './parse-config-text.ts'
import type { PlannedChange } from './plan-steps.ts'

export { ConfigFileError, type ConfigIssue } from './config-file-error.ts'
export { ApplyExecutionError } from '../storage/declared-state/execute-plan.ts'
export { formatPlan } from './format-plan.ts'
export type { PlannedChange } from './plan-steps.ts'

export interface ApplyOptions {
  /** Compute and return the plan; write nothing. */
  readonly dryRun: boolean
  /** Also delete what a config file created and this one no longer declares. */
  readonly prune: boolean
}

export interface ApplyDeps {
  readonly db: Database
  readonly secrets: SecretBox
}

export interface ApplyResult {
  readonly changes: readonly PlannedChange[]
  /** False for dry runs. */
  readonly applied: boolean
}

/**
 * Applies a config file's text (YAML or JSON; docs/apply.md): validates it as a whole, reads the
 * current state of its accounts, plans, and runs the plan in one transaction, so either every
 * change is made or none is. `sourceName` names the file in error messages.
 * Throws ConfigFileError when the file is refused (nothing is written), ApplyExecutionError when
 * a write fails (everything is rolled back).
 */
export async function applyConfigText(text: string, sourceName: string, options: ApplyOptions, deps: ApplyDeps): Promise<ApplyResult> {
  const desired = parseConfigText(text, sourceName)
  const now = new Date()
  const changes = await inDeclaredStateTransaction(deps.db, deps.secrets, async (session) => {
    const plan = computePlan(desired, await session.loadSnapshot(desired, options.prune), { prune: options.prune, now })
    if ('issues' in plan) throw new ConfigFileError(sourceName, plan.issues)
    if (!options.dryRun) await session.execute(plan.steps)
    return plan.changes
  })
  return { changes, applied: !options.dryRun }
}

/** applyConfigText on a file's contents. Throws ConfigFileError when the file cannot be read. */
export async function applyConfigFile(file: string, options: ApplyOptions, deps: ApplyDeps): Promise<ApplyResult> {
  return applyConfigText(await readConfigFile(file), file, options, deps)
}

/**
 * Validates a file without a database (everything but what needs the current state), so the
 * service can refuse a bad STSGATE_CONFIG before it writes anything. Throws ConfigFileError.
 */
export async function checkConfigFile(file: string): Promise<void> {
  parseConfigText(await readConfigFile(file), file)
}

async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
    throw new ConfigFileError(file, [{ path: '(file)', message: `cannot be read: ${reason}` }])
  }
}
