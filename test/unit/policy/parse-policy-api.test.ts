import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { parsePolicyDocument, validatePolicyDocument } from '../../../src/policy/parse-policy.ts'
import { formatPolicyPath, splitPolicyPath } from '../../../src/policy/policy-issues.ts'
import { POLICY_SIZE_LIMITS, policySize } from '../../../src/policy/size-limits.ts'
import { allow, doc, problems } from './parse-helpers.ts'

describe('parsePolicyDocument', () => {
  it('returns the document of an accepted policy', () => {
    expect(parsePolicyDocument(JSON.stringify(doc(allow)), 'identity').statements[0]?.action).toEqual(['s3:GetObject'])
  })

  it('throws MalformedPolicyDocument (400) with the first problem as path: message', () => {
    const text = JSON.stringify(doc({ ...allow, Effect: 'allow', Action: [] }))
    expect(() => parsePolicyDocument(text, 'identity')).toThrow(new ServiceError('MalformedPolicyDocument', 'Statement[0].Effect: expected "Allow" or "Deny"'))
    try {
      parsePolicyDocument(text, 'identity')
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError)
      expect((error as ServiceError).code).toBe('MalformedPolicyDocument')
      expect((error as ServiceError).status).toBe(400)
    }
  })

  it('gives a problem with the whole document as its message alone', () => {
    expect(() => parsePolicyDocument('{', 'trust')).toThrow(new ServiceError('MalformedPolicyDocument', 'Syntax errors in policy: expected a key in double quotes at line 1, column 2'))
  })

  it('refuses text that is not a string rather than throwing a TypeError', () => {
    expect(validatePolicyDocument(undefined as unknown as string, 'identity')).toEqual({ issues: [{ path: '', message: 'expected the policy document as JSON text' }] })
  })
})

describe('size quotas', () => {
  it('has the AWS default quotas', () => {
    expect(POLICY_SIZE_LIMITS).toEqual({ 'user-inline': 2048, 'role-inline': 10240, managed: 6144, trust: 2048, session: 2048 })
  })

  it('counts every character but white space', () => {
    expect(policySize(' {\n\t"a" : "b c"\r\n}\u00a0')).toBe(10)
  })

  it('refuses a document one character over its quota, before reading it, and accepts one at the quota', () => {
    const at = (size: number) => {
      const bare = JSON.stringify(doc({ ...allow, Resource: 'arn:aws:s3:::' })).length
      return JSON.stringify(doc({ ...allow, Resource: `arn:aws:s3:::${'x'.repeat(size - bare)}` }), null, 2)
    }
    expect(problems(at(2048), 'session', { sizeLimit: 'session' })).toEqual([])
    expect(problems(at(2049), 'session', { sizeLimit: 'session' })).toEqual(['policy is 2049 characters (excluding whitespace); the limit is 2048'])
    expect(problems(`${at(6145)} not even JSON`, 'identity', { sizeLimit: 'managed' })).toEqual(['policy is 6156 characters (excluding whitespace); the limit is 6144'])
    expect(problems(at(6145), 'identity')).toEqual([])
  })
})

describe('issue paths', () => {
  it.each<[(string | number)[], string]>([
    [[], ''],
    [['Statement', 0, 'Effect'], 'Statement[0].Effect'],
    [['Statement', 'Condition', 'StringEquals', 'aws:username'], 'Statement.Condition.StringEquals.aws:username'],
    [['Statement', 2, 'Condition', 'StringLike', 'token.actions.githubusercontent.com:sub', 0], 'Statement[2].Condition.StringLike["token.actions.githubusercontent.com:sub"][0]'],
    [['Statement', 0, 'Condition', 'StringEquals', 'aws:PrincipalTag/Cost Center'], 'Statement[0].Condition.StringEquals["aws:PrincipalTag/Cost Center"]'],
    [['a"b]', 'c[d'], '["a\\"b]"]["c[d"]'],
  ])('formats %j as %s and splits it back', (path, text) => {
    expect(formatPolicyPath(path)).toBe(text)
    expect(splitPolicyPath(text)).toEqual(path)
  })

  it.each([['Statement['], ['Statement[x]'], ['Statement[01]'], ['.Statement'], ['Statement..Effect'], ['["unterminated]'], ['a b']])('does not split %s', (text) => {
    expect(splitPolicyPath(text)).toBeUndefined()
  })
})
