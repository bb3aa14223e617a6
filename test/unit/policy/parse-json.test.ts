import { describe, expect, it } from 'vitest'
import { JsonNumber, MAX_JSON_DEPTH, readJson } from '../../../src/policy/parse-json.ts'
import { problems } from './parse-helpers.ts'

// The strict JSON reader under the policy parser: syntax errors with their position, duplicate
// keys refused where JSON.parse keeps the last one.

describe('JSON syntax of a policy document', () => {
  it.each([
    ['empty text', '', 'unexpected end of input at line 1, column 1'],
    ['white space only', ' \n ', 'unexpected end of input at line 2, column 2'],
    ['a missing value', '{"Version": "2012-10-17",\n  "Statement": [}', 'unexpected character "}" at line 2, column 17'],
    ['a trailing comma', '{"Statement": [1,]}', 'unexpected character "]" at line 1, column 18'],
    ['a missing comma', '{"Version": "2012-10-17" "Statement": []}', 'expected "," or "}" at line 1, column 26'],
    ['a missing colon', '{"Version" "2012-10-17"}', 'expected ":" after a key at line 1, column 12'],
    ['an unquoted key', '{Version: "2012-10-17"}', 'expected a key in double quotes at line 1, column 2'],
    ['single quotes', "{'Version': '2012-10-17'}", 'expected a key in double quotes at line 1, column 2'],
    ['an unterminated string', '{"Version": "2012-10-17', 'unterminated string at line 1, column 24'],
    ['a raw tab in a string', '{"Version": "2012\t10-17"}', 'unescaped control character U+0009 in a string at line 1, column 18'],
    ['an invalid escape', '{"Version": "2012\\x10-17"}', 'invalid escape in a string at line 1, column 18'],
    ['a short unicode escape', '{"Id": "\\u12"}', 'invalid escape in a string at line 1, column 9'],
    ['a leading zero', '{"Id": 01}', 'invalid number at line 1, column 9'],
    ['a bare minus', '{"Id": -}', 'invalid number at line 1, column 8'],
    ['a dangling exponent', '{"Id": 1e}', 'invalid number at line 1, column 9'],
    ['a misspelt literal', '{"Id": tru}', 'unexpected character "t" at line 1, column 8'],
    ['a byte order mark', '\ufeff{}', 'unexpected character U+FEFF at line 1, column 1'],
    ['text after the document', '{"Statement": []} x', 'unexpected text after the document at line 1, column 19'],
    ['a second document', '{}{}', 'unexpected text after the document at line 1, column 3'],
    ['a lone value', 'true false', 'unexpected text after the document at line 1, column 6'],
    ['nesting too deep', `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`, `nesting deeper than ${MAX_JSON_DEPTH} levels at line 1, column ${MAX_JSON_DEPTH + 1}`],
  ])('refuses %s with its position', (_name, text, message) => {
    expect(problems(text)).toEqual([`Syntax errors in policy: ${message}`])
  })

  it.each([
    ['at the top', '{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}', 'duplicate key "Version" at line 1, column 27'],
    ['in a statement', '{"Statement": [{"Effect": "Allow",\n "Effect": "Deny"}]}', 'Statement[0]: duplicate key "Effect" at line 2, column 2'],
    ['in a condition', '{"Statement": {"Condition": {"StringEquals": {"aws:username": "a", "aws:username": "b"}}}}',
      'Statement.Condition.StringEquals: duplicate key "aws:username" at line 1, column 68'],
    ['written with an escape', '{"Id": "a", "\\u0049d": "b"}', 'duplicate key "Id" at line 1, column 13'],
  ])('refuses a duplicate key %s, which JSON.parse would keep silently', (_name, text, expected) => {
    expect(problems(text)).toEqual([expected])
  })

  it('reads what JSON.parse reads, numbers kept as written, objects as Maps without a prototype', () => {
    const text = '{"a": [1, -0.5, 2E+3, true, false, null, "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"], "__proto__": {"b": {}}, "": []}'
    const read = readJson(text)
    expect(read).toEqual({
      value: new Map<string, unknown>([
        ['a', [new JsonNumber('1'), new JsonNumber('-0.5'), new JsonNumber('2E+3'), true, false, null, 'x"\\/\b\f\n\r\té']],
        ['__proto__', new Map([['b', new Map()]])],
        ['', []],
      ]),
    })
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })

  it('accepts nesting right up to the limit', () => {
    const depth = MAX_JSON_DEPTH
    expect('value' in readJson(`${'['.repeat(depth)}${']'.repeat(depth)}`)).toBe(true)
  })
})
