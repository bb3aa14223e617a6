/**
 * Date values of Date operators and of aws:CurrentTime / aws:EpochTime / aws:TokenIssueTime: "one
 * of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time" ("IAM JSON
 * policy elements: Condition operators", Date condition operators), in both the policy and the
 * request. Read by hand (no RegExp, no Date.parse leniency) to epoch milliseconds.
 *
 * Accepted: digits with an optional fraction as epoch seconds; `YYYY-MM`, `YYYY-MM-DD`,
 * `YYYY-MM-DDThh:mm`, `…:ss`, `…:ss.fff` with an optional zone `Z`, `±hh:mm`, `±hhmm` or `±hh`
 * (a missing zone reads as UTC). A bare `YYYY` is all digits and so reads as epoch seconds: the
 * two forms cannot be told apart, and aws:EpochTime is the key that carries digits.
 */
export function parseDate(text: string): number {
  // One request's aws:CurrentTime is read by every Date condition of every policy: remember it.
  if (text === lastText) return lastValue
  const value = text.length === 0 ? NaN : isEpoch(text) ? Number(text) * 1000 : parseIso(text)
  lastText = text
  lastValue = value
  return value
}

let lastText = ''
let lastValue = NaN

function isEpoch(text: string): boolean {
  let dot = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 46 && !dot && i > 0) dot = true
    else if (c < 48 || c > 57) return false
  }
  return true
}

/** Reads `count` decimal digits at `at`; -1 when they are not all digits. */
function digits(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1
  let value = 0
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return -1
    value = value * 10 + (c - 48)
  }
  return value
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysIn(year: number, month: number): number {
  const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
  return DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)
}

function parseIso(text: string): number {
  const n = text.length
  const year = digits(text, 0, 4)
  if (year < 0 || n < 7 || text[4] !== '-') return NaN
  const month = digits(text, 5, 2)
  if (month < 1 || month > 12) return NaN
  let day = 1
  let hour = 0
  let minute = 0
  let second = 0
  let millis = 0
  let i = 7
  if (i < n) {
    if (text[i] !== '-') return NaN
    day = digits(text, 8, 2)
    if (day < 1 || day > daysIn(year, month)) return NaN
    i = 10
  }
  if (i < n) {
    if (text[i] !== 'T' && text[i] !== 't') return NaN
    hour = digits(text, i + 1, 2)
    minute = text[i + 3] === ':' ? digits(text, i + 4, 2) : -1
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN
    i += 6
    if (text[i] === ':') {
      second = digits(text, i + 1, 2)
      if (second < 0 || second > 59) return NaN
      i += 3
      if (text[i] === '.') {
        const start = ++i
        // Milliseconds from the first three fraction digits; finer digits are dropped.
        for (let scale = 100; i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57; i++) {
          millis += (text.charCodeAt(i) - 48) * scale
          scale = (scale / 10) | 0
        }
        if (i === start) return NaN
      }
    }
  }
  const offset = zoneOffsetMinutes(text, i)
  if (Number.isNaN(offset)) return NaN
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  // Date.UTC maps years 0–99 to 1900–1999.
  if (year < 100) time = new Date(time).setUTCFullYear(year)
  return time - offset * 60_000
}

/** The zone designator from `at` to the end in minutes east of UTC; 0 for none or `Z`, NaN if malformed. */
function zoneOffsetMinutes(text: string, at: number): number {
  const n = text.length
  if (at === n) return 0
  const sign = text[at]
  if ((sign === 'Z' || sign === 'z') && at + 1 === n) return 0
  if (sign !== '+' && sign !== '-') return NaN
  const hours = digits(text, at + 1, 2)
  let minutes = 0
  const rest = n - (at + 3)
  if (rest === 3 && text[at + 3] === ':') minutes = digits(text, at + 4, 2)
  else if (rest === 2) minutes = digits(text, at + 3, 2)
  else if (rest !== 0) return NaN
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes)
}
