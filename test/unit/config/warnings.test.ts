import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load.ts'
import { unsafeSettingWarnings } from '../../../src/config/warnings.ts'

describe('unsafe setting warnings', () => {
  it('has none for the loopback defaults', () => {
    expect(unsafeSettingWarnings(loadConfig({}))).toEqual([])
  })

  it('warns about plain http when serving other hosts, and about Postgres without a shared master key', () => {
    expect(unsafeSettingWarnings(loadConfig({ HOST: '0.0.0.0', DATABASE_URL: 'postgresql://db/x' }))).toEqual([
      'STSGATE_PUBLIC_URL is plain http while HOST serves other hosts: put TLS in front and set an https URL',
      'STSGATE_MASTER_KEY is unset: secrets are sealed with the key file in STSGATE_DATA_DIR; every instance on this database needs that same key',
    ])
    expect(unsafeSettingWarnings(loadConfig({
      HOST: '0.0.0.0', STSGATE_PUBLIC_URL: 'https://sts.example.com', DATABASE_URL: 'postgresql://db/x', STSGATE_MASTER_KEY: 'ab'.repeat(32),
    }))).toEqual([])
  })

  it('warns that plain-http OIDC issuers are for development', () => {
    expect(unsafeSettingWarnings(loadConfig({ STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' }))).toEqual([
      'STSGATE_OIDC_ALLOW_HTTP_LOOPBACK is true: OIDC issuers on plain http at a loopback host are trusted; development only',
    ])
  })
})
