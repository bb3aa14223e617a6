import { describe, expect, it } from 'vitest'
import { decodeForm } from '../../../src/protocol/form-encoding.ts'
import { QueryParams } from '../../../src/protocol/query-params.ts'
import { validationError } from '../../../src/protocol/validation-error.ts'

const params = (text: string) => new QueryParams(decodeForm(text))
const refusal = (work: () => unknown) => {
  try { work() } catch (error) { return { code: (error as { code: string }).code, message: (error as Error).message } }
  throw new Error('expected a refusal')
}

describe('form decoding', () => {
  it('decodes RFC 3986 escapes and + as a space, keeping arrival order', () => {
    const decoded = params('Action=AssumeRole&RoleSessionName=a%2Bb+c&Policy=%7B%22x%22%3A%22%C3%A9%22%7D&Empty=&Bare')
    expect(decoded.entries).toEqual([['Action', 'AssumeRole'], ['RoleSessionName', 'a+b c'], ['Policy', '{"x":"é"}'], ['Empty', ''], ['Bare', '']])
    expect(decoded.get('RoleSessionName')).toBe('a+b c')
    expect(decoded.get('Missing')).toBeUndefined()
  })

  it('skips empty segments', () => {
    expect(params('&A=1&&B=2&').names()).toEqual(['A', 'B'])
  })

  it('refuses a broken escape with MalformedQueryString', () => {
    expect(refusal(() => params('A=%E0%A4'))).toEqual({ code: 'MalformedQueryString', message: 'The query string contains a syntax error.' })
    expect(refusal(() => params('A=%zz')).code).toBe('MalformedQueryString')
  })

  it('refuses a parameter given twice, even with the same value', () => {
    expect(refusal(() => params('Action=A&Action=A'))).toEqual({ code: 'InvalidQueryParameter', message: 'The parameter Action is given more than once.' })
  })
})

describe('member lists', () => {
  it('reads Prefix.member.N in index order, 1-based', () => {
    expect(params('K.member.2=b&K.member.1=a').list('K')).toEqual(['a', 'b'])
  })

  it('reads botocore\'s empty list `Tags=` as [] and an absent list as undefined', () => {
    expect(params('Tags=').list('Tags')).toEqual([])
    expect(params('Tags=').structList('Tags', ['Key', 'Value'])).toEqual([])
    expect(params('Other=1').list('Tags')).toBeUndefined()
  })

  it('refuses gaps, zero indexes, values on the bare prefix and unknown shapes', () => {
    expect(refusal(() => params('K.member.1=a&K.member.3=c').list('K')).message)
      .toBe('The parameter K.member.2 is missing; members are numbered from 1 without gaps.')
    expect(refusal(() => params('K.member.0=a').list('K')).message).toBe('The parameter K.member.0 is not recognized.')
    expect(refusal(() => params('K=x').list('K')).code).toBe('InvalidQueryParameter')
    expect(refusal(() => params('K=&K.member.1=a').list('K')).code).toBe('InvalidQueryParameter')
    expect(refusal(() => params('K.item.1=a').list('K')).code).toBe('InvalidQueryParameter')
  })

  it('reads struct lists: Tags.member.N.Key/Value and PolicyArns.member.N.arn (lower-case arn)', () => {
    const decoded = params('Tags.member.1.Key=team&Tags.member.1.Value=a%20b&Tags.member.2.Key=solo&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX')
    expect(decoded.structList('Tags', ['Key', 'Value'])).toEqual([{ Key: 'team', Value: 'a b' }, { Key: 'solo' }])
    expect(decoded.structList('PolicyArns', ['arn'])).toEqual([{ arn: 'arn:aws:iam::aws:policy/X' }])
    expect(refusal(() => params('PolicyArns.member.1.Arn=x').structList('PolicyArns', ['arn'])).message)
      .toBe('The parameter PolicyArns.member.1.Arn is not recognized.')
  })

  it('reads a struct: TaskPolicyArn.arn', () => {
    expect(params('TaskPolicyArn.arn=x').struct('TaskPolicyArn', ['arn'])).toEqual({ arn: 'x' })
    expect(params('A=1').struct('TaskPolicyArn', ['arn'])).toBeUndefined()
  })
})

describe('allow-list', () => {
  it('admits Action, Version, the SigV4 query parameters and the action\'s own (with their members)', () => {
    params('Action=A&Version=V&X-Amz-Signature=s&X-Amz-Security-Token=t&RoleArn=r&Tags.member.1.Key=k').assertOnly(['RoleArn', 'Tags'])
  })

  it('refuses anything else by name', () => {
    expect(refusal(() => params('Action=A&Version=V&Extra=1').assertOnly(['RoleArn'])))
      .toEqual({ code: 'InvalidQueryParameter', message: 'The parameter Extra is not recognized.' })
    expect(refusal(() => params('X-Amz-Foo=1').assertOnly([])).code).toBe('InvalidQueryParameter')
  })
})

describe('validationError', () => {
  it('words one violation as AWS does', () => {
    const error = validationError([{ value: 'x', member: 'roleSessionName', constraint: 'have length greater than or equal to 2' }])
    expect([error.code, error.status, error.message]).toEqual(['ValidationError', 400,
      "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"])
  })

  it('counts and joins several with `; `, and writes a missing value as null', () => {
    expect(validationError([
      { value: undefined, member: 'roleArn', constraint: 'not be null' },
      { value: 'a b', member: 'roleSessionName', constraint: 'satisfy regular expression pattern: [\\w+=,.@-]*' },
    ]).message).toBe("2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
      "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
  })
})
