import { pino, type Logger } from 'pino'
import pretty from 'pino-pretty'
import type { LogLevel } from '../config/config.ts'

export type { Logger }

/**
 * Field names that may carry a secret anywhere in a log object. Redaction is a second line of
 * defence: code never passes secrets to the logger in the first place.
 */
const SECRET_FIELDS = [
  'secret', 'secretAccessKey', 'SecretAccessKey', 'sessionToken', 'SessionToken', 'password',
  'masterKey', 'seed', 'authorization', 'Authorization', 'cookie', 'x-amz-security-token',
  'X-Amz-Security-Token', 'X-Amz-Signature', 'SAMLAssertion', 'WebIdentityToken', 'SigninToken',
]

const member = (field: string) => (/^\w+$/.test(field) ? `.${field}` : `["${field}"]`)

/** Each secret field at the top level and up to two levels down (pino's fast-redact syntax). */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [
  member(field).replace(/^\./, ''),
  `*${member(field)}`,
  `*.*${member(field)}`,
])

export interface LoggerOptions {
  readonly level: LogLevel
  /** Human-readable lines (a terminal) instead of JSON. */
  readonly pretty: boolean
  /** Where JSON lines go; defaults to stdout (tests pass a sink). */
  readonly destination?: NodeJS.WritableStream
}

export function createLogger(options: LoggerOptions): Logger {
  const config = {
    level: options.level,
    base: { service: 'stsgate' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  }
  if (options.pretty) return pino(config, pretty({ colorize: true, sync: true, destination: 1 }))
  return options.destination ? pino(config, options.destination) : pino(config)
}
