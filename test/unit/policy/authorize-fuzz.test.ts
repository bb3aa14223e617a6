// Property: for any valid policy and any request, authorize() returns a decision and never throws.
import { describe, expect, it } from 'vitest'
import { authorize } from '../../../src/policy/authorize.ts'
import { compilePolicy } from '../../../src/policy/compile-policy.ts'
import { CONDITION_OPERATORS } from '../../../src/policy/document.ts'
import { principals } from '../../../src/policy/request-principal.ts'
import { ServiceError } from '../../../src/errors.ts'
import { contextOf } from './context-of.ts'

// mulberry32: a small seeded PRNG, so a failure reproduces.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = prng(20261122)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const KEYS = ['aws:username', 'aws:SourceIp', 'aws:CurrentTime', 'aws:MultiFactorAuthPresent', 'aws:TagKeys', 'aws:PrincipalTag/team', 'saml:sub', 'sts:ExternalId']
const VALUES = ['alice', '*', '?', '10.0.0.0/8', '::1/128', '2026-01-01T00:00:00Z', '1700000000', 'true', 'false', '', 'arn:aws:s3:::b/*', '${aws:username}', "${aws:PrincipalTag/team, 'x'}", '${*}', 'é', '-1.5', 'AAEC']
const ACTIONS = ['*', 's3:*', 's3:Get*', 'sts:AssumeRole', 'iam:?et*', 'ec2:DescribeInstances']
const RESOURCES = ['*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/*', 'arn:*:iam::*:role/*', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:s3:::*?*']

function randomStatement() {
  const operator = `${pick(['', '', 'ForAllValues:', 'ForAnyValue:'])}${pick(CONDITION_OPERATORS)}${random() < 0.2 ? 'IfExists' : ''}`.replace('NullIfExists', 'Null')
  const values = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(VALUES))
  return {
    Effect: pick(['Allow', 'Deny']),
    [random() < 0.8 ? 'Action' : 'NotAction']: pick(ACTIONS),
    [random() < 0.8 ? 'Resource' : 'NotResource']: pick(RESOURCES),
    ...(random() < 0.7 ? { Condition: { [operator]: { [pick(KEYS)]: random() < 0.5 ? values[0] : values } } } : {}),
  }
}

describe('authorize never throws', () => {
  it('decides 10,000 random valid policies against random requests', () => {
    let compiled = 0
    for (let i = 0; i < 10_000; i++) {
      const text = JSON.stringify({ Version: pick(['2012-10-17', '2008-10-17']), Statement: Array.from({ length: 1 + Math.floor(random() * 4) }, randomStatement) })
      let policy
      try {
        policy = compilePolicy(text, 'identity', `p${i}`)
      } catch (error) {
        // Some random condition values are invalid for their operator: refused, never anything else.
        expect(error).toBeInstanceOf(ServiceError)
        expect((error as ServiceError).code).toBe('MalformedPolicyDocument')
        continue
      }
      compiled++
      const context: Record<string, string | string[]> = {}
      for (const key of KEYS) if (random() < 0.5) context[key] = key === 'aws:TagKeys' ? [pick(VALUES), pick(VALUES)] : pick(VALUES)
      const decision = authorize(
        { principal: principals.user('111122223333', '/', 'alice'), action: pick(['s3:GetObject', 'sts:AssumeRole', 'iam:GetRole']), resource: pick(['arn:aws:s3:::b/alice/x', '*', 'arn:aws:iam::111122223333:role/R']), context: contextOf(context) },
        { identity: [policy] },
      )
      expect(['allowed', 'explicitDeny', 'implicitDeny']).toContain(decision.outcome)
    }
    // Random values often do not fit their operator (a date for IpAddress…) and are refused.
    expect(compiled).toBeGreaterThan(2_000)
  })
})
