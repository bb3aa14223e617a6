/** A place in a policy document's text: 1-based line, column counted in UTF-16 code units. */
export interface TextPosition {
  readonly Line: number
  readonly Column: number
}

export interface StatementSpan {
  readonly start: TextPosition
  readonly end: TextPosition
}

/**
 * Where each statement of a policy document is, by statement index (a lone statement object is
 * statement 0), as the simulator's MatchedStatements report it. The text must already be a valid
 * policy (parsePolicyDocument): this scanner does not check JSON, it only follows it.
 *
 * AWS reports the position just past the statement's `{` and just past its `}`: the AWS CLI's own
 * simulate-custom-policy example shows `{"Version":"2012-10-17","Statement":{…}}` (the statement's
 * braces at columns 37 and 166) answered with StartPosition 1:38 and EndPosition 1:167.
 */
export function statementSpans(text: string): StatementSpan[] {
  const scanner = new Scanner(text)
  scanner.space()
  if (text[scanner.at] !== '{') return []
  scanner.at++
  for (;;) {
    scanner.space()
    if (text[scanner.at] !== '"') return []
    const key = scanner.string()
    scanner.space()
    scanner.at++ // ':'
    scanner.space()
    if (key === 'Statement') return scanner.statements()
    scanner.skipValue()
    scanner.space()
    if (text[scanner.at] !== ',') return []
    scanner.at++
  }
}

class Scanner {
  at = 0
  #line = 1
  #lineStart = 0
  /** Offset up to which line breaks were counted. */
  #counted = 0

  constructor(private readonly text: string) {}

  statements(): StatementSpan[] {
    if (this.text[this.at] === '{') return [this.object()]
    const spans: StatementSpan[] = []
    this.at++ // '['
    for (;;) {
      this.space()
      if (this.text[this.at] === ']') return spans
      spans.push(this.object())
      this.space()
      if (this.text[this.at] === ',') this.at++
    }
  }

  object(): StatementSpan {
    this.at++
    const start = this.position()
    this.skipUntilClose()
    return { start, end: this.position() }
  }

  /** Past the bracket that closes the one just entered. */
  skipUntilClose(): void {
    let depth = 1
    while (depth > 0 && this.at < this.text.length) {
      const character = this.text[this.at]
      if (character === '"') {
        this.string()
        continue
      }
      if (character === '{' || character === '[') depth++
      else if (character === '}' || character === ']') depth--
      this.at++
    }
  }

  skipValue(): void {
    const first = this.text[this.at]
    if (first === '"') {
      this.string()
    } else if (first === '{' || first === '[') {
      this.at++
      this.skipUntilClose()
    } else {
      while (this.at < this.text.length && !',}] \t\r\n'.includes(this.text[this.at]!)) this.at++
    }
  }

  /** A string token, decoded (a key may be written with escapes). */
  string(): string {
    const from = this.at
    this.at++
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1
    this.at++
    return JSON.parse(this.text.slice(from, this.at)) as string
  }

  space(): void {
    while (' \t\r\n'.includes(this.text[this.at] ?? 'x')) this.at++
  }

  /** The position of `this.at`; line breaks are counted once, as the scan moves forward. */
  position(): TextPosition {
    for (; this.#counted < this.at; this.#counted++) {
      if (this.text[this.#counted] === '\n') {
        this.#line++
        this.#lineStart = this.#counted + 1
      }
    }
    return { Line: this.#line, Column: this.at - this.#lineStart + 1 }
  }
}
