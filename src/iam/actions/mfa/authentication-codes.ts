import { timingSafeEqual } from 'node:crypto'
import { deviceTotp, TOTP_PERIOD_SECONDS, timeStepOf } from '../../../credentials/totp.ts'

// Two consecutive codes of a virtual MFA device (credentials/totp.ts, as STS checks TokenCode).

/**
 * How far from now the later of two consecutive codes may be, in time steps. Enabling takes the
 * codes the device shows now (one step either side, RFC 6238 §5.2, as STS accepts); resyncing
 * exists for a device whose clock drifted, so it looks further.
 */
export const ENABLE_WINDOW = 1
export const RESYNC_WINDOW = 20

/** The time steps of two consecutive codes, as the device's replay guard records them. */
export interface CodeSteps {
  readonly first: number
  readonly last: number
}

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * Finds the time step t at which the device showed `code1`, followed by `code2` at t + 1, with
 * t + 1 at most `window` steps from `now`; the step nearest now wins. Undefined when no such
 * pair exists: the codes are wrong, not consecutive, or too far from now.
 */
export function consecutiveCodes(seed: string, code1: string, code2: string, now: Date, window: number): CodeSteps | undefined {
  const totp = deviceTotp(seed)
  const codeAt = (step: number) => totp.generate({ timestamp: step * TOTP_PERIOD_SECONDS * 1000 })
  const current = timeStepOf(now)
  for (let distance = 0; distance <= window; distance++) {
    for (const last of distance === 0 ? [current] : [current - distance, current + distance]) {
      // Both comparisons always run, so the time taken does not tell which code was wrong.
      const first = sameCode(codeAt(last - 1), code1)
      const second = sameCode(codeAt(last), code2)
      if (first && second) return { first: last - 1, last }
    }
  }
  return undefined
}
