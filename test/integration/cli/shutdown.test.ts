import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { startStsgate } from '../../support/cli.ts'

describe('graceful shutdown', () => {
  it('finishes a request in flight at SIGTERM, refuses new connections, then exits 0', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stsgate-test-'))
    const server = await startStsgate({ STSGATE_DATA_DIR: dataDir })
    try {
      // A body sent in two halves keeps the request in flight while the signal arrives.
      const inFlight = request(`${server.url}/`, { method: 'POST', headers: { 'content-length': '8' } })
      const response = once(inFlight, 'response')
      inFlight.write('Action=G')
      await new Promise((resolve) => setTimeout(resolve, 200))
      const exited = once(server.child, 'close')
      server.child.kill('SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 300))

      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()

      inFlight.end()
      const [answer] = (await response) as [import('node:http').IncomingMessage]
      let body = ''
      for await (const chunk of answer) body += chunk
      // The awsQuery router answered it in full: a body without an Action is MissingAction.
      expect(answer.statusCode).toBe(400)
      expect(body).toContain('<Code>MissingAction</Code>')
      const [code] = (await exited) as [number | null]
      expect(code).toBe(0)
      expect(server.output()).toContain('"msg":"stopped"')
    } finally {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
