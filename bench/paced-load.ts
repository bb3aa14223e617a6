import { Agent, request as httpRequest } from 'node:http'

export interface PacedRequest {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string
}

export interface PacedResult {
  readonly sent: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

const TICK_MS = 1

/**
 * An open-loop load at a steady `rate` (requests/s) for `seconds`: requests are started on a
 * fixed schedule whatever the server's pace, over up to `connections` keep-alive sockets, and each
 * latency counts from the request's scheduled time (so a stalled server is not flattered by
 * requests that were never sent: no coordinated omission). autocannon's own rate limit sends each
 * second's quota as fast as it can at the start of the second, which measures a burst, not a rate.
 */
export async function pacedLoad(url: string, request: PacedRequest, rate: number, seconds: number, connections: number): Promise<PacedResult> {
  const target = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const total = Math.round(rate * seconds)
  const latencies: number[] = []
  const failures: string[] = []
  const start = performance.now()
  let sent = 0
  await new Promise<void>((resolve) => {
    let done = 0
    const finish = () => { if (++done === total) resolve() }
    const send = (scheduledAt: number) => {
      const outgoing = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: request.path, headers: request.headers, agent }, (response) => {
        response.resume()
        response.on('end', () => {
          if (response.statusCode !== 200) failures.push(String(response.statusCode))
          latencies.push(performance.now() - scheduledAt)
          finish()
        })
      })
      outgoing.on('error', (error) => { failures.push(error.message); finish() })
      outgoing.end(request.body)
    }
    const timer = setInterval(() => {
      // Request k is due at start + k / rate: by now, requests 0 .. floor(elapsed × rate) are.
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1)
      for (; sent < due; sent++) send(start + (sent * 1000) / rate)
      if (sent === total) clearInterval(timer)
    }, TICK_MS)
  })
  agent.destroy()
  if (failures.length > 0) throw new Error(`${failures.length} failed requests, e.g. ${failures[0]}`)
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
  return { sent, p50: at(0.5), p99: at(0.99), max: latencies.at(-1)! }
}
