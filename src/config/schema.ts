import { z } from 'zod'

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id')

const port = z.coerce
  .number({ error: 'expected an integer between 0 and 65535' })
  .int('expected an integer between 0 and 65535')
  .min(0, 'expected an integer between 0 and 65535')
  .max(65535, 'expected an integer between 0 and 65535')

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

/**
 * Every setting stsgate reads from the environment: its type, default and one doc line.
 * README's configuration table mirrors this list (a test keeps them in step).
 */
export const settings = {
  PORT: { schema: port.default(8080), doc: 'HTTP port to listen on (0 picks a free port).' },
  HOST: { schema: z.string().min(1).default('127.0.0.1'), doc: 'Interface to bind; set 0.0.0.0 to serve other hosts.' },
  DATABASE_URL: {
    schema: optional(z.string().regex(/^postgres(ql)?:\/\/.+/, 'expected a postgres:// or postgresql:// URL')),
    doc: 'Postgres connection URL. Unset: embedded PGlite under STSGATE_DATA_DIR.',
  },
  STSGATE_DATA_DIR: { schema: z.string().min(1).default('./data'), doc: 'Directory for the embedded database and the generated master key file.' },
  STSGATE_ACCOUNT_ID: { schema: accountId.default('123456789012'), doc: 'The default account, created at start if missing.' },
  STSGATE_ROOT_ACCESS_KEY_ID: {
    schema: optional(z.string().regex(/^AKIA[A-Z2-7]{16}$/, 'expected AKIA followed by 16 characters A-Z or 2-7')),
    doc: "Root access key id of the default account. Unset on first start: generated, stored and printed once.",
  },
  STSGATE_ROOT_SECRET_ACCESS_KEY: {
    schema: optional(z.string().regex(/^[A-Za-z0-9+/]{40}$/, 'expected 40 characters A-Z, a-z, 0-9, + or /')),
    doc: 'Root secret access key of the default account (set together with STSGATE_ROOT_ACCESS_KEY_ID).',
  },
  STSGATE_PUBLIC_URL: {
    schema: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })),
    doc: 'External base URL (SAML ACS, portal links). Default: http://localhost:PORT.',
  },
  STSGATE_CONFIG: { schema: optional(z.string()), doc: 'YAML file applied at start (same format as `stsgate apply`).' },
  STSGATE_MASTER_KEY: {
    schema: optional(
      z.string().refine((value) => decodeMasterKey(value) !== undefined, 'expected 32 bytes as 64 hex digits or base64'),
    ),
    doc: 'Key that seals secrets at rest. Unset: generated into STSGATE_DATA_DIR/master.key.',
  },
  STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE: {
    schema: z.coerce
      .number({ error: 'expected whole seconds between 60 and 86400' })
      .int('expected whole seconds between 60 and 86400')
      .min(60, 'expected whole seconds between 60 and 86400')
      .max(86400, 'expected whole seconds between 60 and 86400')
      .default(3600),
    doc: 'Oldest web identity token (seconds since its iat) AssumeRoleWithWebIdentity accepts; 86400 for Kubernetes service-account tokens.',
  },
  STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: {
    schema: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
    doc: 'Development only: trust OIDC issuers at plain http:// on 127.0.0.1, localhost or [::1].',
  },
  STSGATE_SAML_RECIPIENTS: {
    schema: optional(z.string().refine((value) => value.split(',').every((url) => /^https?:\/\/[^\s,]+$/.test(url.trim())), 'expected http(s) URLs separated by commas')),
    doc: 'More SAML Recipient/Destination URLs to accept besides STSGATE_PUBLIC_URL/saml/acs, comma-separated (e.g. https://signin.aws.amazon.com/saml).',
  },
  LOG_LEVEL: {
    schema: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    doc: 'fatal, error, warn, info, debug, trace or silent.',
  },
} as const

export type SettingName = keyof typeof settings

/** 32 raw bytes from 64 hex digits or base64 (standard or url-safe); undefined when it is neither. */
export function decodeMasterKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex')
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text, 'base64')
    if (bytes.length === 32) return bytes
  }
  return undefined
}
