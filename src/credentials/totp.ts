import { Secret, TOTP } from 'otpauth'

/** The TOTP time step of virtual MFA devices, in seconds. */
export const TOTP_PERIOD_SECONDS = 30

/**
 * A virtual MFA device's code generator: RFC 6238 TOTP with SHA-1, 6 digits and 30-second steps,
 * what authenticator apps compute from an AWS virtual device's Base32 seed.
 */
export function deviceTotp(base32Seed: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(base32Seed), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS })
}

/** The time step `time` falls in. */
export const timeStepOf = (time: Date): number => Math.floor(time.getTime() / 1000 / TOTP_PERIOD_SECONDS)
