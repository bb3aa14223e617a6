import { formatPolicyPath, quoteName, type PolicyIssue } from './policy-issues.ts'

/**
 * A strict JSON reader for policy documents (RFC 8259). JSON.parse will not do: it keeps the last
 * of duplicate keys where IAM refuses the document ("Individual elements must not contain multiple
 * instances of the same key", Grammar of the IAM JSON policy language), its error messages vary by
 * Node version and quote the input, and it turns `1.50` into 1.5 where a condition value should
 * keep the text as written.
 */

/** A JSON number, kept as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** Objects are Maps: no prototype, so a key like `__proto__` is data like any other. */
export type JsonObject = ReadonlyMap<string, JsonValue>
export type JsonValue = string | boolean | null | JsonNumber | readonly JsonValue[] | JsonObject

export type JsonReadResult = { readonly value: JsonValue } | { readonly issue: PolicyIssue }

/** Far deeper than any policy (a condition value list is 6 levels down); keeps recursion bounded. */
export const MAX_JSON_DEPTH = 32

export function isJsonObject(value: JsonValue): value is JsonObject {
  return value instanceof Map
}

/** `a string`, `a number`, `an empty array`, …: what a message says the value was. */
export function jsonTypeName(value: JsonValue): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'boolean') return 'a boolean'
  if (value instanceof JsonNumber) return 'a number'
  if (isJsonObject(value)) return 'an object'
  return value.length === 0 ? 'an empty array' : 'an array'
}

/** Parses `text` as one JSON value; never throws. */
export function readJson(text: string): JsonReadResult {
  const reader = new Reader(text)
  try {
    reader.skipSpace()
    const value = reader.value(0)
    reader.skipSpace()
    if (reader.at < text.length) reader.fail('unexpected text after the document')
    return { value }
  } catch (error) {
    if (error instanceof ReadFailure) return { issue: error.issue }
    throw error
  }
}

class ReadFailure {
  constructor(readonly issue: PolicyIssue) {}
}

const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

class Reader {
  at = 0
  readonly #path: (string | number)[] = []

  constructor(readonly text: string) {}

  value(depth: number): JsonValue {
    if (depth >= MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`)
    const next = this.text[this.at]
    if (next === '{') return this.object(depth)
    if (next === '[') return this.array(depth)
    if (next === '"') return this.string()
    if (next === '-' || (next !== undefined && next >= '0' && next <= '9')) return this.number()
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length
        return value
      }
    }
    return this.fail(next === undefined ? 'unexpected end of input' : `unexpected character ${describe(next)}`)
  }

  object(depth: number): JsonObject {
    const object = new Map<string, JsonValue>()
    this.at++
    this.skipSpace()
    if (this.text[this.at] === '}') {
      this.at++
      return object
    }
    for (;;) {
      if (this.text[this.at] !== '"') this.fail('expected a key in double quotes')
      const keyAt = this.at
      const key = this.string()
      if (object.has(key)) {
        const { line, column } = this.position(keyAt)
        throw new ReadFailure({
          path: formatPolicyPath(this.#path),
          message: `duplicate key ${quoteName(key)} at line ${line}, column ${column}`,
        })
      }
      this.skipSpace()
      if (this.text[this.at] !== ':') this.fail('expected ":" after a key')
      this.at++
      this.skipSpace()
      this.#path.push(key)
      object.set(key, this.value(depth + 1))
      this.#path.pop()
      if (this.endOfList('}')) return object
    }
  }

  array(depth: number): JsonValue[] {
    const array: JsonValue[] = []
    this.at++
    this.skipSpace()
    if (this.text[this.at] === ']') {
      this.at++
      return array
    }
    for (;;) {
      this.#path.push(array.length)
      array.push(this.value(depth + 1))
      this.#path.pop()
      if (this.endOfList(']')) return array
    }
  }

  /** After a member: true at the closing bracket, false after a comma. */
  endOfList(close: '}' | ']'): boolean {
    this.skipSpace()
    const next = this.text[this.at]
    this.at++
    if (next === close) return true
    if (next !== ',') {
      this.at--
      this.fail(`expected "," or "${close}"`)
    }
    this.skipSpace()
    return false
  }

  string(): string {
    let out = ''
    this.at++
    for (;;) {
      // Skip a run of plain characters at once: strings are most of a policy's text.
      PLAIN_RUN.lastIndex = this.at
      PLAIN_RUN.test(this.text)
      out += this.text.slice(this.at, PLAIN_RUN.lastIndex)
      this.at = PLAIN_RUN.lastIndex
      const character = this.text[this.at]
      if (character === undefined) this.fail('unterminated string')
      if (character === '"') {
        this.at++
        return out
      }
      if (character === '\\') out += this.escape()
      else this.fail(`unescaped control character ${describe(character)} in a string`)
    }
  }

  escape(): string {
    const kind = this.text[this.at + 1]
    const simple = kind === undefined ? undefined : ESCAPES[kind]
    if (simple !== undefined) {
      this.at += 2
      return simple
    }
    const hex = this.text.slice(this.at + 2, this.at + 6)
    if (kind !== 'u' || !/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid escape in a string')
    this.at += 6
    return String.fromCharCode(Number.parseInt(hex, 16))
  }

  number(): JsonNumber {
    NUMBER.lastIndex = this.at
    const match = NUMBER.exec(this.text)
    if (match === null) this.fail('invalid number')
    const text = match[0]
    this.at += text.length
    // `01`, `1.`, `1e` leave a digit, dot or letter behind that the grammar does not allow here.
    if (/^[0-9.eE+-]$/.test(this.text[this.at] ?? '')) this.fail('invalid number')
    return new JsonNumber(text)
  }

  skipSpace(): void {
    for (;;) {
      const character = this.text[this.at]
      if (character !== ' ' && character !== '\t' && character !== '\n' && character !== '\r') return
      this.at++
    }
  }

  fail(what: string): never {
    const { line, column } = this.position(this.at)
    throw new ReadFailure({ path: '', message: `Syntax errors in policy: ${what} at line ${line}, column ${column}` })
  }

  position(offset: number): { line: number; column: number } {
    let line = 1
    let lineStart = 0
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++
        lineStart = i + 1
      }
    }
    return { line, column: offset - lineStart + 1 }
  }
}

/** A character for a message: printable ones quoted, others as U+XXXX. */
function describe(character: string): string {
  const code = character.codePointAt(0) ?? 0
  return code >= 0x21 && code <= 0x7e ? JSON.stringify(character) : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}
