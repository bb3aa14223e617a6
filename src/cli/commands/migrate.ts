import { openStorage } from '../../storage/open-storage.ts'
import { commandContext } from './context.ts'

export async function runMigrate(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const { config, logger } = commandContext(env)
  const storage = await openStorage(config, logger)
  await storage.close()
  process.stdout.write('migrations are current\n')
  return 0
}
