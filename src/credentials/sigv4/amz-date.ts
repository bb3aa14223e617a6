import { incompleteSignature, signatureDoesNotMatch } from './sigv4-errors.ts'

/** AWS accepts a signature whose X-Amz-Date is within 15 minutes of its clock, either way. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/** `20260101T000000Z` -> Date; IncompleteSignature for any other shape (AWS's wording). */
export function parseAmzDate(text: string): Date {
  const match = BASIC_FORMAT.exec(text)
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!)) : undefined
  if (!date || Number.isNaN(date.getTime()) || formatAmzDate(date) !== text) {
    throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`)
  }
  return date
}

export const formatAmzDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')

/**
 * Refuses a signature dated more than 15 minutes before or after `now`, with AWS's texts:
 * `Signature expired: <date> is now earlier than <now-15m> (<now> - 15 min.)` and
 * `Signature not yet current: <date> is still later than <now+15m> (<now> + 15 min.)`.
 * This window is also what bounds a presigned STS URL (STS does not honour a longer
 * X-Amz-Expires: aws/aws-sdk-go#2167, kubernetes-sigs/aws-iam-authenticator#160).
 */
export function assertWithinSkew(signed: Date, now: Date): void {
  const earliest = new Date(now.getTime() - MAX_CLOCK_SKEW_MS)
  const latest = new Date(now.getTime() + MAX_CLOCK_SKEW_MS)
  if (signed < earliest) {
    throw signatureDoesNotMatch(
      `Signature expired: ${formatAmzDate(signed)} is now earlier than ${formatAmzDate(earliest)} (${formatAmzDate(now)} - 15 min.)`)
  }
  if (signed > latest) {
    throw signatureDoesNotMatch(
      `Signature not yet current: ${formatAmzDate(signed)} is still later than ${formatAmzDate(latest)} (${formatAmzDate(now)} + 15 min.)`)
  }
}
