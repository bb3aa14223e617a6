import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/stsgate.mjs', import.meta.url))

type Environment = Record<string, string | undefined>

/** A minimal environment: nothing of the developer's shell leaks into the service under test. */
function childEnv(env: Environment): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LOG_LEVEL: 'info', ...env }
}

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `stsgate <args>` to completion. */
export async function runStsgate(args: readonly string[], env: Environment = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += chunk })
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, stdout, stderr }
}

export interface RunningServer {
  readonly url: string
  readonly child: ChildProcess
  /** Everything the process printed on stdout so far. */
  output(): string
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
}

/** Starts `stsgate serve` and resolves once it logs that it is ready (rejects if it exits first). */
export async function startStsgate(env: Environment): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: childEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr += chunk })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue
        const entry = JSON.parse(line) as { msg?: string; url?: string }
        if (entry.msg === 'stsgate is ready' && entry.url) resolve(entry.url)
      }
    })
    child.once('close', (code) => reject(new Error(`stsgate exited with ${code} before it was ready: ${stderr}${stdout}`)))
  })
  return {
    url,
    child,
    output: () => stdout,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode
      const closed = once(child, 'close')
      child.kill('SIGTERM')
      return ((await closed) as [number | null])[0]
    },
  }
}
