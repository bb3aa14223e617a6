// The servers of the STS benchmark, each a child process: stsgate, and bare node:http baselines.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../bin/stsgate.mjs', import.meta.url))

/** Child processes to stop, in start order, when the benchmark ends (or fails). */
export class Servers {
  readonly #children: ChildProcess[] = []
  #stsgate: ChildProcess | undefined

  /**
   * `stsgate serve` on `port` with the given settings; resolves once it answers. With
   * BENCH_STS_PROFILE_DIR set, the server runs under `node --cpu-prof` and writes its profile
   * there when stopped.
   */
  async stsgate(port: number, env: Record<string, string>): Promise<void> {
    const profileDir = process.env.BENCH_STS_PROFILE_DIR
    const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), BIN, 'serve']
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', PORT: String(port), ...env },
      stdio: 'ignore',
    })
    this.#children.push(child)
    this.#stsgate = child
    await listening(child, port)
  }

  /**
   * CPU seconds (user + system, all threads) the stsgate process has used so far, from
   * /proc/PID/stat; undefined where there is no /proc. Unlike requests/s, CPU per request hardly
   * moves when other processes share the machine.
   */
  stsgateCpuSeconds(): number | undefined {
    try {
      // Fields after "pid (comm) ": state is the 1st, utime the 12th, stime the 13th, in ticks of 1/100 s on Linux.
      const fields = readFileSync(`/proc/${this.#stsgate?.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100
    } catch {
      return undefined
    }
  }

  /** A bare server answering any request with a `bodyLength`-byte XML body; resolves once it answers. */
  async baseline(port: number, bodyLength: number): Promise<void> {
    const script = `
      const body = '<x>' + 'a'.repeat(${bodyLength} - 7) + '</x>'
      require('node:http').createServer((req, res) => {
        req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': require('node:crypto').randomUUID() }); res.end(body) })
      }).listen(${port}, '127.0.0.1')`
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
    this.#children.push(child)
    await listening(child, port)
  }

  async stopAll(): Promise<void> {
    for (const child of this.#children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const closed = once(child, 'close')
      child.kill('SIGTERM')
      await closed
    }
  }
}

async function listening(child: ChildProcess, port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('server did not start')
}
