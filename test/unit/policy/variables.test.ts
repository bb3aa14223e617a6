// Policy variables: "IAM policy elements: Variables and tags" (IAM User Guide).
import { describe, expect, it } from 'vitest'
import { parseTemplate, renderTemplate, resolveVariable, tokenizeTemplate } from '../../../src/policy/variables.ts'
import { contextOf } from './conditions/support.ts'

const V12 = '2012-10-17'

describe('parseTemplate', () => {
  it('splits text and variables, lower-casing keys and keeping defaults as written', () => {
    expect(parseTemplate('arn:aws:s3:::bucket/${aws:username}/*', V12)).toEqual([
      'arn:aws:s3:::bucket/', { key: 'aws:username', defaultValue: undefined }, '/*',
    ])
    // The page's default example; the key keeps its tag-key part, lower-cased.
    expect(parseTemplate("${aws:PrincipalTag/team, 'company-wide'}", V12)).toEqual([
      { key: 'aws:principaltag/team', defaultValue: 'company-wide' },
    ])
    expect(parseTemplate("${ aws:userid ,  'Anonymous User' }", V12)).toEqual([{ key: 'aws:userid', defaultValue: 'Anonymous User' }])
    expect(parseTemplate("${aws:username, 'it''s'}", V12)).toEqual([{ key: 'aws:username', defaultValue: "it's" }])
    expect(parseTemplate("${aws:username, ''}", V12)).toEqual([{ key: 'aws:username', defaultValue: '' }])
  })

  it('reads ${*}, ${?} and ${$} as the characters', () => {
    expect(parseTemplate('a${*}b${?}c${$}d', V12)).toEqual(['a*b?c$d'])
    expect(tokenizeTemplate('a*${*}', V12)).toEqual([{ kind: 'text', text: 'a*' }, { kind: 'escaped', text: '*' }])
  })

  it('treats everything as literal text under Version 2008-10-17', () => {
    expect(parseTemplate('home/${aws:username}/${*}', '2008-10-17')).toEqual(['home/${aws:username}/${*}'])
  })

  it('keeps what is not a placeholder as text', () => {
    expect(parseTemplate('$5 and ${ and ${} and ${aws:username', V12)).toEqual(['$5 and ${ and ${} and ${aws:username'])
    expect(parseTemplate("${a, 'unterminated}", V12)).toEqual(["${a, 'unterminated}"])
    expect(parseTemplate("${a, unquoted}", V12)).toEqual(['${a, unquoted}'])
    expect(parseTemplate('${${aws:username}}', V12)).toEqual(['${', { key: 'aws:username', defaultValue: undefined }, '}'])
  })
})

describe('resolving variables', () => {
  const context = contextOf({
    'aws:username': 'alice',
    'aws:PrincipalTag/Team': 'blue',
    'aws:TagKeys': ['a', 'b'],
    'saml:edupersonaffiliation': ['staff'],
  })

  it('resolves keys case-insensitively, tag key part included', () => {
    expect(renderTemplate(parseTemplate('home/${AWS:UserName}/${aws:principaltag/TEAM}', V12), context)).toBe('home/alice/blue')
  })

  it('is unresolvable for a missing key without default, and uses the default otherwise', () => {
    expect(renderTemplate(parseTemplate('x/${aws:userid}', V12), context)).toBeUndefined()
    expect(renderTemplate(parseTemplate("x/${aws:userid, 'anonymous'}", V12), context)).toBe('x/anonymous')
    // A present key wins over the default.
    expect(renderTemplate(parseTemplate("${aws:username, 'nobody'}", V12), context)).toBe('alice')
  })

  it('never resolves a multivalued key, even with a single value', () => {
    expect(resolveVariable({ key: 'aws:tagkeys', defaultValue: undefined }, context)).toBeUndefined()
    expect(resolveVariable({ key: 'saml:edupersonaffiliation', defaultValue: undefined }, context)).toBeUndefined()
    expect(resolveVariable({ key: 'aws:tagkeys', defaultValue: 'none' }, context)).toBe('none')
  })

  it('renders the literal characters of escapes', () => {
    expect(renderTemplate(parseTemplate('${*}${?}${$}', V12), context)).toBe('*?$')
  })
})
