import { describe, expect, it } from 'vitest'
import { compileGlob, isLiteralGlob, matchGlob, type GlobOptions } from '../../../src/policy/glob.ts'
import { contextOf } from './conditions/support.ts'

const LIKE: GlobOptions = { version: '2012-10-17', ignoreCase: false, variables: true }
const empty = contextOf({})
const matches = (pattern: string, text: string, options: GlobOptions = LIKE, context = empty) =>
  matchGlob(compileGlob(pattern, options), text, context)

describe('glob wildcards', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything at all', true],
    ['**', 'x', true],
    ['', '', true],
    ['', 'x', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['abc', 'ab', false],
    ['a*', 'a', true],
    ['a*', 'abc', true],
    ['a*', 'ba', false],
    ['*c', 'abc', true],
    ['*c', 'c', true],
    ['*c', 'cb', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbbbc', true],
    ['a*c', 'abcb', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false],
    ['?', 'a', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['??*', 'ab', true],
    ['??*', 'a', false],
    ['*?', '', false],
    ['*?', 'a', true],
    ['*a?', 'xxab', true],
    ['*a?', 'xxa', false],
    ['iam:*AccessKey*', 'iam:CreateAccessKey', true],
    ['iam:*AccessKey*', 'iam:ListAccessKeys', true],
    ['iam:*AccessKey*', 'iam:CreateUser', false],
    ['home/*/docs', 'home/alice/x/docs', true],
    ['*/*', 'a/b/c', true],
    ['*.*.*', 'a.b', false],
  ])('%j against %j: %s', (pattern, text, expected) => {
    expect(matches(pattern, text)).toBe(expected)
  })

  it('matches case-sensitively unless told otherwise', () => {
    expect(matches('s3:Get*', 's3:getobject')).toBe(false)
    const ignoreCase = { ...LIKE, ignoreCase: true, variables: false }
    expect(matches('s3:Get*', 's3:getobject', ignoreCase)).toBe(true)
    expect(matches('S3:GETOBJECT', 's3:GetObject', ignoreCase)).toBe(true)
    expect(matches('s3:Get?bject', 'S3:GETOBJECT', ignoreCase)).toBe(true)
  })

  it('treats * and ? as plain characters when wildcards are off (StringEquals)', () => {
    const exact = { ...LIKE, wildcards: false }
    expect(matches('a*', 'a*', exact)).toBe(true)
    expect(matches('a*', 'ab', exact)).toBe(false)
    expect(matches('a?', 'ab', exact)).toBe(false)
  })

  it('reads ${*}, ${?} and ${$} as literal characters, never wildcards', () => {
    expect(matches('a${*}', 'a*')).toBe(true)
    expect(matches('a${*}', 'ab')).toBe(false)
    expect(matches('${?}', '?')).toBe(true)
    expect(matches('${?}', 'x')).toBe(false)
    expect(matches('price${$}*', 'price$12')).toBe(true)
    expect(matches('*${*}', 'x*')).toBe(true)
    expect(matches('*${*}', 'xy')).toBe(false)
  })

  it('reads ${*} as text under 2008-10-17 and when variables are off', () => {
    // "${", a wildcard, "}": the * is an ordinary wildcard again.
    expect(matches('${*}', '${x}', { ...LIKE, version: '2008-10-17' })).toBe(true)
    expect(matches('${*}', '*', { ...LIKE, version: '2008-10-17' })).toBe(false)
    expect(matches('${?}', 'x', { ...LIKE, variables: false })).toBe(false)
  })

  it('finishes pathological backtracking patterns in linear-ish time', () => {
    const text = 'a'.repeat(5000)
    const started = performance.now()
    expect(matches('*a*a*a*a*b', text)).toBe(false)
    expect(matches('*a*a*a*a*a', text)).toBe(true)
    expect(matches('*a*a*a*a*ab*', text)).toBe(false)
    expect(matches('a*a*a*a*a*a*a*a*a*a*?b', text)).toBe(false)
    expect(matches('*aaaaaaaaaaaaaaaaaaaab*', text)).toBe(false)
    expect(matches(`${'*a'.repeat(100)}*b*`, text)).toBe(false)
    expect(matches(`*?${'a'.repeat(100)}b*`, text)).toBe(false)
    expect(matches('*?a?a?a?a?b*', text)).toBe(false)
    expect(matches('*a?a?a?a?a', text)).toBe(true)
    expect(performance.now() - started).toBeLessThan(250)
  })

  it('matches long runs under a star', () => {
    const long = 'x'.repeat(100_000)
    expect(matches('*', long)).toBe(true)
    expect(matches('x*x', long)).toBe(true)
    expect(matches('*y', long)).toBe(false)
    expect(matches(`?${'*'}`, long)).toBe(true)
  })
})

describe('glob variables', () => {
  const alice = contextOf({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'a*b?', 'aws:TagKeys': ['k'] })

  it('substitutes a variable and keeps its value literal', () => {
    expect(matches('home/${aws:username}/*', 'home/alice/notes', LIKE, alice)).toBe(true)
    expect(matches('home/${aws:username}/*', 'home/bob/notes', LIKE, alice)).toBe(false)
    expect(matches('home/${AWS:UserName}', 'home/alice', LIKE, alice)).toBe(true)
    // A * or ? in a tag value is text, not a wildcard.
    expect(matches('${aws:PrincipalTag/team}', 'a*b?', LIKE, alice)).toBe(true)
    expect(matches('${aws:PrincipalTag/team}', 'aXXbY', LIKE, alice)).toBe(false)
    expect(matches('*${aws:PrincipalTag/team}*', 'xa*b?y', LIKE, alice)).toBe(true)
  })

  it('fails to match when a variable cannot be resolved, and uses a default when one is written', () => {
    expect(matches('home/${aws:userid}', 'home/', LIKE, alice)).toBe(false)
    expect(matches('*${aws:userid}*', 'anything', LIKE, alice)).toBe(false)
    expect(matches("home/${aws:userid, 'anonymous'}", 'home/anonymous', LIKE, alice)).toBe(true)
    // A multivalued key is not a variable (Single-valued vs. multivalued context keys).
    expect(matches('${aws:TagKeys}', 'k', LIKE, alice)).toBe(false)
    expect(matches("${aws:TagKeys, 'none'}", 'none', LIKE, alice)).toBe(true)
  })

  it('lower-cases variable values in case-insensitive globs', () => {
    const context = contextOf({ 'aws:username': 'Alice' })
    expect(matches('s3:${aws:username}*', 'S3:ALICEX', { ...LIKE, ignoreCase: true }, context)).toBe(true)
  })
})

describe('isLiteralGlob', () => {
  it('gives the text of a pattern without wildcards or variables', () => {
    expect(isLiteralGlob(compileGlob('arn:aws:s3:::bucket', LIKE))).toBe('arn:aws:s3:::bucket')
    expect(isLiteralGlob(compileGlob('a${*}b', LIKE))).toBe('a*b')
    expect(isLiteralGlob(compileGlob('', LIKE))).toBe('')
    expect(isLiteralGlob(compileGlob('S3:GetObject', { ...LIKE, ignoreCase: true }))).toBe('s3:getobject')
    expect(isLiteralGlob(compileGlob('a*b', { ...LIKE, wildcards: false }))).toBe('a*b')
  })

  it('gives undefined for wildcards and variables', () => {
    expect(isLiteralGlob(compileGlob('a*', LIKE))).toBeUndefined()
    expect(isLiteralGlob(compileGlob('a?', LIKE))).toBeUndefined()
    expect(isLiteralGlob(compileGlob('${aws:username}', LIKE))).toBeUndefined()
  })
})

describe('glob against a reference matcher', () => {
  // A RegExp is fine as the reference in a test; the engine never builds one.
  const reference = (pattern: string, text: string) =>
    new RegExp(`^${[...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch)).join('')}$`, 's').test(text)

  it('agrees on 20,000 random patterns and texts over a small alphabet', () => {
    let seed = 42
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const draw = (alphabet: string, max: number) => Array.from({ length: random(max + 1) }, () => alphabet[random(alphabet.length)]).join('')
    for (let i = 0; i < 20_000; i++) {
      const pattern = draw('ab*?', 8)
      const text = draw('ab', 10)
      expect(matches(pattern, text), `${pattern} against ${text}`).toBe(reference(pattern, text))
    }
  })
})
