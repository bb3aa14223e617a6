import { randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { packedPolicySize } from '../../../src/sts/packed-policy.ts'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** Every character the Policy parameter's pattern admits below U+0100 but the control ones. */
const POLICY_CHARACTERS = Array.from({ length: 0x100 - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('')
const random = (length: number, alphabet = ALNUM) => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('')

const TOO_LARGE = /^Packed policy consumes (\d+)% of allotted space, please use smaller policy\.$/

/** The ServiceError `run` throws. */
function thrown(run: () => unknown): ServiceError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    return error as ServiceError
  }
  throw new Error('expected a ServiceError, nothing was thrown')
}

/** A realistic session policy of exactly `length` characters: statements on S3 prefixes, padded in the last Sid. */
function realisticPolicy(length: number): string {
  const statement = (i: number, sid: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: `arn:aws:s3:::example-data-${i}/team/platform/*`,
    Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
  })
  const statements: object[] = []
  const text = (last: string) => JSON.stringify({ Version: '2012-10-17', Statement: [...statements, statement(statements.length, last)] })
  while (text('S').length + 250 < length) statements.push(statement(statements.length, `S${statements.length}`))
  const policy = text(`S${'x'.repeat(length - text('S').length)}`)
  expect(policy).toHaveLength(length)
  return policy
}

const TEN_ARNS = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::123456789012:policy/example/${random(24)}-${i}`)

describe('PackedPolicySize', () => {
  it('is a small whole percentage for a small policy', () => {
    const size = packedPolicySize('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}', [], [])
    expect(Number.isInteger(size)).toBe(true)
    expect(size).toBeGreaterThanOrEqual(1)
    expect(size).toBeLessThanOrEqual(10)
  })

  it('is at least 1 for the smallest inputs', () => {
    expect(packedPolicySize(undefined, [], [['a', '']])).toBe(1)
    expect(packedPolicySize('', [], [])).toBe(1)
  })

  it('grows with what is packed', () => {
    const tags = Array.from({ length: 20 }, () => [random(40), random(100)] as const)
    const sizes = [1, 5, 10, 20].map((n) => packedPolicySize(undefined, [], tags.slice(0, n)))
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThan(sizes[i - 1]!)
    expect(sizes.every((size) => size >= 1 && size <= 100)).toBe(true)
  })

  it('admits a realistic 2048-character policy with ten ARNs and a usual tag set', () => {
    const policy = realisticPolicy(2048)
    const tags = [['team', 'platform'], ['cost-center', '4711'], ['project', 'stsgate'], ['env', 'production']] as const
    const size = packedPolicySize(policy, TEN_ARNS, tags)
    expect(size).toBeGreaterThanOrEqual(1)
    expect(size).toBeLessThanOrEqual(100)
  })

  it('admits even an incompressible 2048-character policy with ten ARNs', () => {
    const size = packedPolicySize(random(2048, POLICY_CHARACTERS), TEN_ARNS, [])
    expect(size).toBeGreaterThan(10)
    expect(size).toBeLessThanOrEqual(100)
  })

  it('refuses 50 tags of random 128-character keys and 256-character values with PackedPolicyTooLarge', () => {
    const tags = Array.from({ length: 50 }, () => [random(128), random(256)] as const)
    const error = thrown(() => packedPolicySize(undefined, [], tags))
    expect(error.code).toBe('PackedPolicyTooLarge')
    expect(error.status).toBe(400)
    expect(error.message).toMatch(TOO_LARGE)
    expect(Number(TOO_LARGE.exec(error.message)![1])).toBeGreaterThan(100)
  })

  it('refuses from the first input over 100%, in the same percentage units it reports', () => {
    // Tags one by one until the budget is exceeded: the last admitted is <= 100, the first refused > 100.
    const tags = Array.from({ length: 50 }, () => [random(128), random(256)] as const)
    let last = 0
    let refused: number | undefined
    for (let n = 1; n <= tags.length && refused === undefined; n++) {
      try {
        last = packedPolicySize(undefined, [], tags.slice(0, n))
      } catch (error) {
        refused = Number(TOO_LARGE.exec((error as ServiceError).message)![1])
      }
    }
    expect(last).toBeLessThanOrEqual(100)
    expect(refused).toBeGreaterThan(100)
    expect(refused! - last).toBeLessThan(15)
  })
})
