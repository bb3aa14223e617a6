import { applyConfigFile, formatPlan } from '../../apply/index.ts'
import { openStorage } from '../../storage/open-storage.ts'
import { parseStrict, UsageError } from '../usage.ts'
import { commandContext } from './context.ts'

/** `stsgate apply -f FILE [--dry-run] [--prune]`: prints the plan (or what it applied). */
export async function runApply(args: string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const { values } = parseStrict('apply', args, {
    file: { type: 'string', short: 'f' },
    'dry-run': { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
  })
  if (!values.file) throw new UsageError('apply: -f FILE is required (see stsgate --help)')
  const { config, logger } = commandContext(env)
  const storage = await openStorage(config, logger)
  try {
    const result = await applyConfigFile(values.file, { dryRun: values['dry-run'] === true, prune: values.prune === true }, {
      db: storage.db, secrets: storage.secrets,
    })
    process.stdout.write(`${formatPlan(result)}\n`)
    return 0
  } finally {
    await storage.close()
  }
}
