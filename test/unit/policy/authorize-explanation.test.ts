import { describe, expect, it } from 'vitest'
import { authorize } from '../../../src/policy/authorize.ts'
import { compilePolicy } from '../../../src/policy/compile-policy.ts'
import { principals } from '../../../src/policy/request-principal.ts'
import { contextOf } from './context-of.ts'

const A = '111122223333'
const identity = compilePolicy(JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadAll', Effect: 'Allow', Action: 's3:Get*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'data' } } },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/secret/*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
  ],
}), 'identity', `arn:aws:iam::${A}:policy/Reader`)
const request = (resource: string, context: Record<string, string>) =>
  ({ principal: principals.user(A, '/', 'alice'), action: 's3:GetObject', resource, context: contextOf(context) })

describe('decision explanations', () => {
  it('names every matching statement (Sid or #index), the condition keys evaluated, and why', () => {
    const decision = authorize(request('arn:aws:s3:::b/report.csv', { 'aws:PrincipalTag/team': 'data' }), { identity: [identity] })
    expect(decision).toEqual({
      outcome: 'allowed',
      matched: [
        { policyId: `arn:aws:iam::${A}:policy/Reader`, kind: 'identity', statement: 'ReadAll', effect: 'Allow' },
        { policyId: `arn:aws:iam::${A}:policy/Reader`, kind: 'identity', statement: '#1', effect: 'Allow' },
      ],
      evaluatedKeys: ['aws:principaltag/team'],
      reason: 'allowed within the account',
    })
  })

  it('lists the Deny first on an explicit deny', () => {
    const decision = authorize(request('arn:aws:s3:::b/secret/key', { 'aws:MultiFactorAuthPresent': 'false' }), { identity: [identity] })
    expect(decision.outcome).toBe('explicitDeny')
    expect(decision.matched.map((match) => [match.statement, match.effect])).toEqual([['NoSecrets', 'Deny'], ['#1', 'Allow']])
    expect(decision.evaluatedKeys).toEqual(['aws:multifactorauthpresent', 'aws:principaltag/team'])
    expect(decision.reason).toBe('an explicit Deny statement applies')
  })

  it('says which layer had no Allow', () => {
    const boundary = compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }), 'boundary', 'boundary')
    expect(authorize(request('arn:aws:s3:::b/x', {}), { identity: [identity], boundary }).reason).toBe('the permissions boundary does not allow it')
    expect(authorize(request('arn:aws:s3:::c/x', {}), { identity: [identity] }).reason).toBe('no identity-based policy allows it')
    expect(authorize(request('arn:aws:s3:::b/x', {}), { identity: [identity], session: [] }).reason).toBe('no session policy allows it')
  })

  it('shares compiled statements between policies of the same text, each keeping its own id', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })
    const first = compilePolicy(text, 'identity', 'first')
    const second = compilePolicy(text, 'identity', 'second')
    expect(second.statements).toBe(first.statements)
    expect([first.id, second.id]).toEqual(['first', 'second'])
    expect(authorize(request('arn:aws:s3:::b/x', {}), { identity: [second] }).matched[0]?.policyId).toBe('second')
  })
})
