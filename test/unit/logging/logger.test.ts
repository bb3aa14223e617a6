import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src/logging/logger.ts'

describe('logger redaction', () => {
  it('censors secret fields at any of the first three levels', () => {
    let written = ''
    const sink = new Writable({ write(chunk, _encoding, done) { written += chunk; done() } })
    const logger = createLogger({ level: 'info', pretty: false, destination: sink })
    logger.info({
      secretAccessKey: 'SECRET-1',
      credentials: { SessionToken: 'SECRET-2', sessionToken: 'SECRET-3' },
      req: { headers: { authorization: 'SECRET-4', 'x-amz-security-token': 'SECRET-5', cookie: 'SECRET-6' } },
      form: { SAMLAssertion: 'SECRET-7', WebIdentityToken: 'SECRET-8' },
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    }, 'event')
    expect(written).not.toMatch(/SECRET-\d/)
    expect(JSON.parse(written)).toMatchObject({ secretAccessKey: '[redacted]', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' })
  })
})
