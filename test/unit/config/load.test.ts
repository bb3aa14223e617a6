import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../src/config/config-error.ts'
import { loadConfig } from '../../../src/config/load.ts'

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('has documented defaults: embedded PGlite under ./data, port 8080 on loopback', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      database: { kind: 'pglite', dataDir: path.resolve('data', 'pglite') },
      defaultAccountId: '123456789012',
      rootCredentials: undefined,
      publicUrl: 'http://localhost:8080',
      configFile: undefined,
      masterKey: undefined,
      logLevel: 'info',
      federation: { maxTokenAgeSeconds: 3600, allowHttpLoopbackIssuers: false },
      saml: {
        entityId: 'http://localhost:8080/saml/metadata',
        acsUrl: 'http://localhost:8080/saml/acs',
        recipients: ['http://localhost:8080/saml/acs'],
        audiences: ['urn:amazon:webservices', 'http://localhost:8080/saml/metadata'],
      },
    })
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.federation)).toBe(true)
  })

  it('uses Postgres when DATABASE_URL is set, and strips a trailing slash from the public URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', STSGATE_PUBLIC_URL: 'https://sts.example.com/' })
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:5432/x' })
    expect(config.publicUrl).toBe('https://sts.example.com')
  })

  it('treats an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', STSGATE_CONFIG: '' }).database.kind).toBe('pglite')
  })

  it('derives the SAML service provider from the public URL, plus the extra recipients', () => {
    const config = loadConfig({ STSGATE_PUBLIC_URL: 'https://sts.example.com/', STSGATE_SAML_RECIPIENTS: 'https://signin.aws.amazon.com/saml, https://eu-west-1.signin.aws.amazon.com/saml' })
    expect(config.saml).toEqual({
      entityId: 'https://sts.example.com/saml/metadata',
      acsUrl: 'https://sts.example.com/saml/acs',
      recipients: ['https://sts.example.com/saml/acs', 'https://signin.aws.amazon.com/saml', 'https://eu-west-1.signin.aws.amazon.com/saml'],
      audiences: ['urn:amazon:webservices', 'https://sts.example.com/saml/metadata', 'https://signin.aws.amazon.com/saml', 'https://eu-west-1.signin.aws.amazon.com/saml'],
    })
    expect(Object.isFrozen(config.saml.recipients)).toBe(true)
  })

  it('reads the web identity settings', () => {
    expect(loadConfig({ STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE: '86400', STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' }).federation)
      .toEqual({ maxTokenAgeSeconds: 86400, allowHttpLoopbackIssuers: true })
  })

  it.each([
    [{ STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE: '86401' }, 'invalid configuration: STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE: expected whole seconds between 60 and 86400 (got "86401")'],
    [{ STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'yes' }, 'invalid configuration: STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: expected true or false (got "yes")'],
    [{ STSGATE_SAML_RECIPIENTS: 'https://a.example/saml, not a url' }, 'invalid configuration: STSGATE_SAML_RECIPIENTS: expected http(s) URLs separated by commas (got "https://a.example/saml, not a url")'],
    [{ PORT: 'abc' }, 'invalid configuration: PORT: expected an integer between 0 and 65535 (got "abc")'],
    [{ PORT: '70000' }, 'invalid configuration: PORT: expected an integer between 0 and 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://x' }, 'invalid configuration: DATABASE_URL: expected a postgres:// or postgresql:// URL (got "mysql://x")'],
    [{ STSGATE_ACCOUNT_ID: '12345' }, 'invalid configuration: STSGATE_ACCOUNT_ID: expected a 12-digit AWS account id (got "12345")'],
    [{ LOG_LEVEL: 'loud' }, 'invalid configuration: LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ STSGATE_PUBLIC_URL: 'ftp://x' }, 'invalid configuration: STSGATE_PUBLIC_URL: expected an http(s) URL (got "ftp://x")'],
    [{ STSGATE_ROOT_ACCESS_KEY_ID: 'AKIA123' }, 'invalid configuration: STSGATE_ROOT_ACCESS_KEY_ID: expected AKIA followed by 16 characters A-Z or 2-7 (got "AKIA123")'],
    [{ STSGATE_ROOT_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }, 'invalid configuration: STSGATE_ROOT_SECRET_ACCESS_KEY: must be set together with STSGATE_ROOT_ACCESS_KEY_ID'],
  ])('refuses %j with one line naming the setting', (env, message) => {
    expect(failure(env)).toBe(message)
  })

  it('never echoes a secret setting in its error', () => {
    const message = failure({ STSGATE_ROOT_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', STSGATE_ROOT_SECRET_ACCESS_KEY: 'hunter2-too-short' })
    expect(message).toBe('invalid configuration: STSGATE_ROOT_SECRET_ACCESS_KEY: expected 40 characters A-Z, a-z, 0-9, + or /')
    expect(failure({ STSGATE_MASTER_KEY: 'not-a-key' })).toBe(
      'invalid configuration: STSGATE_MASTER_KEY: expected 32 bytes as 64 hex digits or base64',
    )
  })

  it('accepts a master key as 64 hex digits or base64', () => {
    const hex = 'ab'.repeat(32)
    expect(loadConfig({ STSGATE_MASTER_KEY: hex }).masterKey).toEqual(Buffer.from(hex, 'hex'))
    const b64 = Buffer.alloc(32, 7).toString('base64')
    expect(loadConfig({ STSGATE_MASTER_KEY: b64 }).masterKey).toEqual(Buffer.alloc(32, 7))
  })
})
