import type { Config } from '../../config/config.ts'
import { loadConfig } from '../../config/load.ts'
import { createLogger, type Logger } from '../../logging/logger.ts'

type Environment = Readonly<Record<string, string | undefined>>

/** Validated config plus a logger (pretty on a terminal), shared by every command. */
export function commandContext(env: Environment): { config: Config; logger: Logger } {
  const config = loadConfig(env)
  return { config, logger: createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true }) }
}
