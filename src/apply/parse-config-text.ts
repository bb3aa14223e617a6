import { buildDesiredState } from './build-desired-state.ts'
import { ConfigFileError } from './config-file-error.ts'
import type { DesiredState } from './desired-state.ts'
import { configFileSchema } from './file-schema.ts'
import { readYaml } from './read-yaml.ts'
import { configIssuesOf, issueMessage } from './zod-issues.ts'

/**
 * Parses and checks a config file without touching the database: YAML syntax, then structure
 * (every problem at once), then cross-references. Throws ConfigFileError naming each problem's place.
 */
export function parseConfigText(text: string, sourceName: string): DesiredState {
  const read = readYaml(text)
  if ('issues' in read) throw new ConfigFileError(sourceName, read.issues)
  const parsed = configFileSchema.safeParse(read.data ?? {}, { error: issueMessage })
  if (!parsed.success) throw new ConfigFileError(sourceName, configIssuesOf(parsed.error))
  const built = buildDesiredState(parsed.data)
  if ('issues' in built) throw new ConfigFileError(sourceName, built.issues)
  return built.state
}
