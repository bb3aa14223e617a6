// Date condition operators: "IAM JSON policy elements: Condition operators" (IAM User Guide):
// "one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time".
import { describe, expect, it } from 'vitest'
import { parseDate } from '../../../../src/policy/conditions/parse-date.ts'
import { holds } from './support.ts'

const KEY = 'aws:TokenIssueTime'
const at = (value: string) => ({ [KEY]: value })

describe('Date operators', () => {
  it.each([
    // Operators page example: "DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}.
    ['DateGreaterThan', '2020-01-01T00:00:01Z', '2020-06-01T12:00:00Z', true],
    ['DateGreaterThan', '2020-01-01T00:00:01Z', '2019-12-31T23:59:59Z', false],
    ['DateGreaterThan', '2020-01-01T00:00:01Z', '2020-01-01T00:00:01Z', false],
    ['DateGreaterThanEquals', '2020-01-01T00:00:01Z', '2020-01-01T00:00:01Z', true],
    ['DateLessThan', '2020-01-01', '2019-12-31T23:59:59Z', true],
    ['DateLessThan', '2020-01-01', '2020-01-01T00:00:00Z', false],
    ['DateLessThanEquals', '2020-01-01', '2020-01-01T00:00:00Z', true],
    ['DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z', true],
    ['DateEquals', '2020-01-01T01:00:00+01:00', '2020-01-01T00:00:00Z', true], // offsets name the same instant
    ['DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', false],
    ['DateNotEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', true],
    ['DateNotEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false],
  ] as const)('%s %s with %s: %s', (operator, value, actual, expected) => {
    expect(holds(operator, KEY, value, at(actual))).toBe(expected)
  })

  it('compares epoch seconds and ISO 8601 on either side', () => {
    // 1577836800 is 2020-01-01T00:00:00Z.
    expect(holds('DateEquals', 'aws:EpochTime', '2020-01-01T00:00:00Z', { 'aws:EpochTime': '1577836800' })).toBe(true)
    expect(holds('DateEquals', 'aws:CurrentTime', '1577836800', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' })).toBe(true)
    expect(holds('DateLessThan', 'aws:EpochTime', '1577836801', { 'aws:EpochTime': '1577836800' })).toBe(true)
    expect(holds('DateGreaterThan', 'aws:CurrentTime', '1577836800', { 'aws:CurrentTime': '2020-01-01T00:00:01Z' })).toBe(true)
  })

  it('is false for a malformed request date, negated or not', () => {
    for (const operator of ['DateEquals', 'DateNotEquals', 'DateLessThan']) {
      expect(holds(operator, KEY, '2020-01-01T00:00:00Z', at('yesterday'))).toBe(false)
      expect(holds(operator, KEY, '2020-01-01T00:00:00Z', at('2020-13-01'))).toBe(false)
    }
  })

  it('takes no policy variables and never matches a malformed policy date', () => {
    expect(holds('DateEquals', KEY, '${aws:CurrentTime}', { [KEY]: '2020-01-01T00:00:00Z', 'aws:CurrentTime': '2020-01-01T00:00:00Z' })).toBe(false)
    expect(holds('DateNotEquals', KEY, 'soon', at('2020-01-01T00:00:00Z'))).toBe(false)
  })

  it('follows the missing-key rules', () => {
    // aws:TokenIssueTime is absent for long-term credentials: "if an IAM user attempts …, the request is denied".
    expect(holds('DateGreaterThan', KEY, '2020-01-01T00:00:01Z', {})).toBe(false)
    expect(holds('DateNotEquals', KEY, '2020-01-01T00:00:01Z', {})).toBe(true)
    expect(holds('DateGreaterThanIfExists', KEY, '2020-01-01T00:00:01Z', {})).toBe(true)
  })
})

describe('parseDate', () => {
  const utc = (text: string) => Date.parse(text)

  it.each([
    ['2020', 2020 * 1000], // all digits: epoch seconds
    ['1577836800', utc('2020-01-01T00:00:00Z')],
    ['1577836800.5', utc('2020-01-01T00:00:00.500Z')],
    ['2020-02', utc('2020-02-01T00:00:00Z')],
    ['2020-02-29', utc('2020-02-29T00:00:00Z')],
    ['2020-02-29T23:59', utc('2020-02-29T23:59:00Z')],
    ['2020-02-29T23:59:58Z', utc('2020-02-29T23:59:58Z')],
    ['2020-02-29T23:59:58.1234Z', utc('2020-02-29T23:59:58.123Z')],
    ['2020-02-29T23:59:58.5-05:30', utc('2020-03-01T05:29:58.500Z')],
    ['2020-02-29T23:59:58+0200', utc('2020-02-29T21:59:58Z')],
    ['2020-02-29T23:59:58+02', utc('2020-02-29T21:59:58Z')],
    ['2020-02-29t23:59:58z', utc('2020-02-29T23:59:58Z')],
    ['2020-02-29T23:59:58', utc('2020-02-29T23:59:58Z')], // no zone: UTC
  ])('reads %j', (text, value) => {
    expect(parseDate(text)).toBe(value)
  })

  it.each([
    '', 'now', '2019-02-29', '2020-00-10', '2020-01-32', '2020-1-01', '2020/01/01', '2020-01-01T24:00:00Z',
    '2020-01-01T10:60Z', '2020-01-01T10:00:61Z', '2020-01-01T10', '2020-01-01 10:00:00Z', '2020-01-01T10:00:00.Z',
    '2020-01-01T10:00:00+25:00', '2020-01-01T10:00:00Zjunk', '-1577836800', '.5',
  ])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNaN()
  })
})
