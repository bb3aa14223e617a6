import { once } from 'node:events'
import type { RootCredentials } from '../../config/config.ts'
import { startService } from '../../service.ts'
import { commandContext } from './context.ts'

/** Runs until SIGTERM or SIGINT, then shuts down gracefully. */
export async function runServe(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const { config, logger } = commandContext(env)
  const service = await startService(config, logger, { announceRootCredentials: printRootCredentials })
  const signal = await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')])
  logger.info({ signal: String(signal[0] ?? '') }, 'shutting down')
  await service.close()
  logger.info('stopped')
  return 0
}

// Shown once, on the terminal, not through the logger: the log stream never carries secrets.
function printRootCredentials(accountId: string, credentials: RootCredentials): void {
  process.stdout.write(
    [
      '',
      `Generated root credentials for account ${accountId} (shown only this once; stored sealed):`,
      `  AWS_ACCESS_KEY_ID=${credentials.accessKeyId}`,
      `  AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`,
      'Set STSGATE_ROOT_ACCESS_KEY_ID / STSGATE_ROOT_SECRET_ACCESS_KEY to choose them yourself.',
      '',
    ].join('\n') + '\n',
  )
}
