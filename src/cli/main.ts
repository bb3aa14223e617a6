import { ConfigFileError } from '../apply/index.ts'
import { ConfigError } from '../config/config-error.ts'
import { DataDirLockedError } from '../storage/data-dir-lock.ts'
import { MigrationError } from '../storage/migrations.ts'
import { StorageUnavailableError } from '../storage/open-storage.ts'
import { runApply } from './commands/apply.ts'
import { runMigrate } from './commands/migrate.ts'
import { runRevokeSessions, UnknownRoleError } from './commands/revoke-sessions.ts'
import { runRotateKeys } from './commands/rotate-keys.ts'
import { runServe } from './commands/serve.ts'
import { runVersion } from './commands/version.ts'
import { parseStrict, USAGE, UsageError } from './usage.ts'

type Environment = Readonly<Record<string, string | undefined>>

const COMMANDS: Record<string, (args: string[], env: Environment) => Promise<number>> = {
  serve: (args, env) => (noArguments('serve', args), runServe(env)),
  migrate: (args, env) => (noArguments('migrate', args), runMigrate(env)),
  apply: runApply,
  'revoke-sessions': runRevokeSessions,
  'rotate-keys': runRotateKeys,
  version: async (args) => (noArguments('version', args), runVersion()),
}

/** Runs one command; returns the exit code. Known failures print one line, never a stack trace. */
export async function runCli(argv: readonly string[], env: Environment): Promise<number> {
  const [first, ...rest] = argv
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(USAGE)
    return 0
  }
  if (first === '--version' || first === '-v') return runVersion()
  const command = first === undefined ? 'serve' : first
  try {
    const run = COMMANDS[command]
    if (!run) throw new UsageError(`unknown command "${command}" (see stsgate --help)`)
    return await run(rest, env)
  } catch (error) {
    return reportFailure(error)
  }
}

function noArguments(command: string, args: readonly string[]): void {
  parseStrict(command, args, {})
}

function reportFailure(error: unknown): number {
  const line = (text: string) => process.stderr.write(`stsgate: ${text}\n`)
  if (error instanceof UsageError || error instanceof ConfigError) {
    line(error.message)
    return 2
  }
  if (error instanceof ConfigFileError) {
    process.stderr.write(`${error.message}\n`)
    return 1
  }
  if (error instanceof MigrationError || error instanceof StorageUnavailableError || error instanceof DataDirLockedError ||
    error instanceof UnknownRoleError) {
    line(error.message)
    return 1
  }
  const message = (error instanceof Error ? error.message : String(error)).trim().split('\n').at(-1)
  line(`unexpected failure: ${message}`)
  return 1
}
