import path from 'node:path'
import type { Config, SamlServiceProvider } from './config.ts'
import { ConfigError } from './config-error.ts'
import { decodeMasterKey, settings, type SettingName } from './schema.ts'

type Environment = Readonly<Record<string, string | undefined>>

/**
 * Validates the environment against the settings schema and returns a frozen Config.
 * Throws ConfigError naming the first bad setting. The only reader of process.env is bin/stsgate.mjs,
 * which passes it here.
 */
export function loadConfig(env: Environment): Config {
  const read = <N extends SettingName>(name: N) => {
    const result = settings[name].schema.safeParse(env[name])
    if (!result.success) {
      const shown = env[name] === undefined || name.includes('SECRET') || name.includes('MASTER')
        ? '' : ` (got ${JSON.stringify(env[name])})`
      throw new ConfigError(name, `${result.error.issues[0]?.message ?? 'invalid value'}${shown}`)
    }
    return result.data as ReturnType<(typeof settings)[N]['schema']['parse']>
  }

  const port = read('PORT')
  const host = read('HOST')
  const databaseUrl = read('DATABASE_URL')
  const dataDir = path.resolve(read('STSGATE_DATA_DIR'))
  const rootAccessKeyId = read('STSGATE_ROOT_ACCESS_KEY_ID')
  const rootSecret = read('STSGATE_ROOT_SECRET_ACCESS_KEY')
  if ((rootAccessKeyId === undefined) !== (rootSecret === undefined)) {
    const missing = rootAccessKeyId === undefined ? 'STSGATE_ROOT_ACCESS_KEY_ID' : 'STSGATE_ROOT_SECRET_ACCESS_KEY'
    throw new ConfigError(missing, 'must be set together with ' +
      (missing === 'STSGATE_ROOT_ACCESS_KEY_ID' ? 'STSGATE_ROOT_SECRET_ACCESS_KEY' : 'STSGATE_ROOT_ACCESS_KEY_ID'))
  }
  const masterKeyText = read('STSGATE_MASTER_KEY')
  const publicUrl = (read('STSGATE_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '')

  return Object.freeze({
    port,
    host,
    database: databaseUrl
      ? Object.freeze({ kind: 'postgres' as const, url: databaseUrl })
      : Object.freeze({ kind: 'pglite' as const, dataDir: path.join(dataDir, 'pglite') }),
    dataDir,
    defaultAccountId: read('STSGATE_ACCOUNT_ID'),
    rootCredentials: rootAccessKeyId && rootSecret
      ? Object.freeze({ accessKeyId: rootAccessKeyId, secretAccessKey: rootSecret })
      : undefined,
    publicUrl,
    configFile: read('STSGATE_CONFIG'),
    masterKey: masterKeyText === undefined ? undefined : decodeMasterKey(masterKeyText),
    logLevel: read('LOG_LEVEL'),
    federation: Object.freeze({
      maxTokenAgeSeconds: read('STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE'),
      allowHttpLoopbackIssuers: read('STSGATE_OIDC_ALLOW_HTTP_LOOPBACK') === 'true',
    }),
    saml: samlServiceProvider(publicUrl, read('STSGATE_SAML_RECIPIENTS')),
  })
}

function samlServiceProvider(publicUrl: string, extraRecipients: string | undefined): SamlServiceProvider {
  const entityId = `${publicUrl}/saml/metadata`
  const acsUrl = `${publicUrl}/saml/acs`
  const extras = (extraRecipients ?? '').split(',').map((url) => url.trim()).filter((url) => url !== '')
  return Object.freeze({
    entityId,
    acsUrl,
    recipients: Object.freeze([...new Set([acsUrl, ...extras])]),
    audiences: Object.freeze([...new Set(['urn:amazon:webservices', entityId, ...extras])]),
  })
}
