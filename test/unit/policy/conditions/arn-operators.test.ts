// ARN condition operators: "IAM JSON policy elements: Condition operators" (IAM User Guide):
// "Each of the six colon-delimited components of the ARN is checked separately … The ArnEquals
// and ArnLike condition operators behave identically."
import { describe, expect, it } from 'vitest'
import { holds } from './support.ts'

const KEY = 'aws:SourceArn'
const source = (arn: string) => ({ [KEY]: arn })

describe('ArnEquals / ArnLike', () => {
  it('keeps * inside one component where StringLike does not (the operators page example)', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*'
    const request = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt'
    expect(holds('StringLike', KEY, pattern, source(request))).toBe(true)
    expect(holds('ArnLike', KEY, pattern, source(request))).toBe(false)
    expect(holds('ArnEquals', KEY, pattern, source(request))).toBe(false)
    expect(holds('ArnLike', KEY, pattern, source('arn:aws:someservice:us-east-2:111122223333:finance/document.txt'))).toBe(true)
  })

  it.each(['ArnEquals', 'ArnLike'])('%s matches exactly, per component, with * and ?, case-sensitively', (operator) => {
    // Operators page example: the SNS topic as aws:SourceArn of an SQS queue policy.
    const topic = 'arn:aws:sns:REGION:123456789012:TOPIC-ID'
    expect(holds(operator, KEY, topic, source(topic))).toBe(true)
    expect(holds(operator, KEY, topic, source('arn:aws:sns:REGION:123456789012:OTHER'))).toBe(false)
    expect(holds(operator, KEY, topic, source('arn:aws:sns:region:123456789012:TOPIC-ID'))).toBe(false)
    expect(holds(operator, KEY, 'arn:aws:sns:*:123456789012:*', source(topic))).toBe(true)
    expect(holds(operator, KEY, 'arn:aws:sns:*:123456789012:*', source('arn:aws:sns:us-east-1:999999999999:t'))).toBe(false)
    expect(holds(operator, KEY, 'arn:aws:sns:us-east-?:*:t', source('arn:aws:sns:us-east-1:999999999999:t'))).toBe(true)
    expect(holds(operator, KEY, 'arn:aws:iam::*:role/*', source('arn:aws:iam::111122223333:role/path/Admin'))).toBe(true)
    // The resource component may hold colons; a * there crosses them.
    expect(holds(operator, KEY, 'arn:aws:logs:*:*:log-group:*', source('arn:aws:logs:eu-west-1:111122223333:log-group:app:log-stream:x'))).toBe(true)
    // An empty component matches only an empty one.
    expect(holds(operator, KEY, 'arn:aws:iam::111122223333:root', source('arn:aws:iam:us-east-1:111122223333:root'))).toBe(false)
  })

  it('reads ${*} as a literal asterisk in an otherwise literal ARN', () => {
    expect(holds('ArnEquals', KEY, 'arn:aws:s3:::bucket/${*}', source('arn:aws:s3:::bucket/*'))).toBe(true)
    expect(holds('ArnEquals', KEY, 'arn:aws:s3:::bucket/${*}', source('arn:aws:s3:::bucket/x'))).toBe(false)
  })

  it('NORs values for ArnNotEquals / ArnNotLike', () => {
    const values = ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B*']
    for (const operator of ['ArnNotEquals', 'ArnNotLike']) {
      expect(holds(operator, KEY, values, source('arn:aws:iam::111122223333:role/A'))).toBe(false)
      expect(holds(operator, KEY, values, source('arn:aws:iam::111122223333:role/Bee'))).toBe(false)
      expect(holds(operator, KEY, values, source('arn:aws:iam::111122223333:role/C'))).toBe(true)
    }
  })

  it('is false for a request value that is not an ARN, negated or not', () => {
    for (const operator of ['ArnLike', 'ArnNotLike', 'ArnEquals', 'ArnNotEquals']) {
      expect(holds(operator, KEY, 'arn:aws:iam::*:role/x', source('role/x'))).toBe(false)
      expect(holds(operator, KEY, 'arn:aws:iam::*:role/x', source('arn:aws:iam:role/x'))).toBe(false)
    }
  })

  it('never matches a policy value that is not an ARN pattern', () => {
    expect(holds('ArnLike', KEY, '*', source('arn:aws:iam::111122223333:role/x'))).toBe(false)
    expect(holds('ArnNotLike', KEY, 'not-an-arn', source('arn:aws:iam::111122223333:role/x'))).toBe(false)
    expect(holds('ArnLike', KEY, ['*', 'arn:*:*:*:*:*'], source('arn:aws:iam::111122223333:role/x'))).toBe(true)
  })

  it('follows the missing-key rules (aws:SourceArn is absent for direct calls)', () => {
    expect(holds('ArnEquals', KEY, 'arn:aws:sns:us-east-1:1:t', {})).toBe(false)
    expect(holds('ArnNotEquals', KEY, 'arn:aws:sns:us-east-1:1:t', {})).toBe(true)
    expect(holds('ArnLikeIfExists', KEY, 'arn:aws:sns:us-east-1:1:t', {})).toBe(true)
  })
})

describe('policy variables in ARN values', () => {
  const context = {
    'aws:PrincipalAccount': '111122223333',
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Admin',
    'aws:username': 'alice',
    'aws:PrincipalTag/glob': 'r*',
  }

  it('substitutes a variable inside a component', () => {
    expect(holds('ArnLike', KEY, 'arn:aws:iam::${aws:PrincipalAccount}:role/*', { ...context, [KEY]: 'arn:aws:iam::111122223333:role/x' })).toBe(true)
    expect(holds('ArnLike', KEY, 'arn:aws:iam::${aws:PrincipalAccount}:role/*', { ...context, [KEY]: 'arn:aws:iam::999999999999:role/x' })).toBe(false)
    expect(holds('ArnEquals', KEY, 'arn:aws:iam::*:user/${aws:username}', { ...context, [KEY]: 'arn:aws:iam::1:user/alice' })).toBe(true)
  })

  it('splits a variable that stands for several components after resolving it', () => {
    expect(holds('ArnEquals', 'aws:PrincipalArn', '${aws:PrincipalArn}', context)).toBe(true)
    expect(holds('ArnLike', KEY, '${aws:PrincipalArn}*', { ...context, [KEY]: 'arn:aws:iam::111122223333:role/AdminX' })).toBe(true)
    expect(holds('ArnLike', KEY, '${aws:PrincipalArn}', { ...context, [KEY]: 'arn:aws:iam::111122223333:role/Other' })).toBe(false)
    expect(holds('ArnLike', KEY, 'arn:aws:${aws:PrincipalTag/service}', { ...context, [KEY]: 'arn:aws:iam::1:role/x', 'aws:PrincipalTag/service': 'iam::1:role/x' })).toBe(true)
  })

  it('keeps a * from a variable literal', () => {
    expect(holds('ArnLike', KEY, 'arn:aws:iam::1:${aws:PrincipalTag/glob}', { ...context, [KEY]: 'arn:aws:iam::1:role' })).toBe(false)
    expect(holds('ArnLike', KEY, 'arn:aws:iam::1:${aws:PrincipalTag/glob}', { ...context, [KEY]: 'arn:aws:iam::1:r*' })).toBe(true)
  })

  it('treats an unresolved variable as a null value: ArnLike fails, ArnNotLike holds', () => {
    const request = { [KEY]: 'arn:aws:iam::1:role/x' }
    expect(holds('ArnLike', KEY, 'arn:aws:iam::${aws:PrincipalAccount}:role/*', request)).toBe(false)
    expect(holds('ArnNotLike', KEY, 'arn:aws:iam::${aws:PrincipalAccount}:role/*', request)).toBe(true)
    expect(holds('ArnEquals', KEY, '${aws:PrincipalArn}', request)).toBe(false)
    expect(holds('ArnNotEquals', KEY, '${aws:PrincipalArn}', request)).toBe(true)
    expect(holds('ArnLike', KEY, "arn:aws:iam::${aws:PrincipalAccount, '1'}:role/*", request)).toBe(true)
  })
})
