import { parseArgs } from 'node:util'

export const USAGE = `Usage: stsgate <command> [options]

Commands:
  serve                      Start the service (default); settings come from the environment
  migrate                    Apply pending database migrations and exit
  apply -f FILE [--dry-run] [--prune]
                             Make the database match a declarative config file
  revoke-sessions --role-arn ARN [--before TIME]
                             Refuse the role's sessions issued before TIME (ISO 8601, e.g.
                             2025-06-01T12:00:00Z; default now); servers follow within 5 s
  rotate-keys [--purpose session-token|authorization-message]
                             Retire the active sealing key and make a new one (default: both
                             purposes); live sessions keep working
  version                    Print the version

Options:
  -h, --help                 Show this help

Environment: see README.md (PORT, HOST, DATABASE_URL, STSGATE_DATA_DIR, STSGATE_ACCOUNT_ID,
STSGATE_ROOT_ACCESS_KEY_ID, STSGATE_ROOT_SECRET_ACCESS_KEY, STSGATE_PUBLIC_URL, STSGATE_CONFIG,
STSGATE_MASTER_KEY, LOG_LEVEL).
`

/** A command line we cannot act on: reported in one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** util.parseArgs with its errors turned into one-line usage errors. */
export function parseStrict<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  command: string, args: readonly string[], options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
  } catch (error) {
    const token = /'([^']+)'/.exec((error as Error).message)?.[1] ?? ''
    const problem = {
      ERR_PARSE_ARGS_UNKNOWN_OPTION: `unknown option "${token}"`,
      ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: `unexpected argument "${token}"`,
    }[(error as { code?: string }).code ?? ''] ?? (error as Error).message.split('\n')[0]
    throw new UsageError(`${command}: ${problem} (see stsgate --help)`)
  }
}
