import type { Config } from './config.ts'

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

/** Settings that are fine on a laptop and risky in production; logged as warnings at start. */
export function unsafeSettingWarnings(config: Config): string[] {
  const warnings: string[] = []
  if (!LOOPBACK_HOSTS.has(config.host) && config.publicUrl.startsWith('http://')) {
    warnings.push('STSGATE_PUBLIC_URL is plain http while HOST serves other hosts: put TLS in front and set an https URL')
  }
  if (config.database.kind === 'postgres' && !config.masterKey) {
    warnings.push('STSGATE_MASTER_KEY is unset: secrets are sealed with the key file in STSGATE_DATA_DIR; every instance on this database needs that same key')
  }
  if (config.federation.allowHttpLoopbackIssuers) {
    warnings.push('STSGATE_OIDC_ALLOW_HTTP_LOOPBACK is true: OIDC issuers on plain http at a loopback host are trusted; development only')
  }
  return warnings
}
