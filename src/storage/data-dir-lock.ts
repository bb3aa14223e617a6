import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** Another live process holds the embedded database. A boot-time problem. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes `<dir>/stsgate.pid` for this process. PGlite allows one process per data directory;
 * a second one would corrupt it. A lock left by a dead process is taken over.
 * Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'stsgate.pid')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => rmSync(file, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10)
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(
          `the embedded database in ${dir} is in use by another stsgate process (pid ${holder}); ` +
            'stop it first, or use Postgres (DATABASE_URL) to run several',
        )
      }
      rmSync(file, { force: true })
    }
  }
  throw new DataDirLockedError(`cannot lock ${dir}`)
}
