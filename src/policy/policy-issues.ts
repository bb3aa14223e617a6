/** One problem found in a policy document: where, and what. */
export interface PolicyIssue {
  /** `Statement[0].Condition.StringEquals.aws:username`; '' for the document as a whole. */
  readonly path: string
  readonly message: string
}

/** A place inside a document as JSON keys and array indexes. */
export type PolicyPath = readonly (string | number)[]

// Keys a reader could misparse (dots, brackets, quotes, white space) are quoted in brackets.
// The same rule as src/apply/issue-path.ts, so a config file's paths read alike all the way down.
const PLAIN_KEY = /^[^\s.[\]"]+$/

/** `['Statement', 0, 'Effect']` -> `Statement[0].Effect`; `[]` -> ''. */
export function formatPolicyPath(path: PolicyPath): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (PLAIN_KEY.test(part)) out += out === '' ? part : `.${part}`
    else out += `[${JSON.stringify(part)}]`
  }
  return out
}

/**
 * The inverse of formatPolicyPath, for callers that nest a document's issues inside their own
 * structured paths (the config file's zod schema). Undefined for text formatPolicyPath never makes.
 */
export function splitPolicyPath(path: string): (string | number)[] | undefined {
  const parts: (string | number)[] = []
  let at = 0
  while (at < path.length) {
    if (path[at] === '[') {
      const close = path[at + 1] === '"' ? closingQuote(path, at + 1) + 1 : path.indexOf(']', at)
      if (close <= at || path[close] !== ']') return undefined
      const inner = path.slice(at + 1, close)
      if (inner.startsWith('"')) {
        try {
          parts.push(JSON.parse(inner) as string)
        } catch {
          return undefined
        }
      } else if (/^(0|[1-9]\d*)$/.test(inner)) parts.push(Number(inner))
      else return undefined
      at = close + 1
    } else {
      if (parts.length > 0) {
        if (path[at] !== '.') return undefined
        at++
      }
      const key = /^[^\s.[\]"]+/.exec(path.slice(at))?.[0]
      if (key === undefined) return undefined
      parts.push(key)
      at += key.length
    }
  }
  return parts
}

/** Index of the quote closing the JSON string that opens at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i
  }
  return -1
}

/** Collects issues in document order while the parser walks a document. */
export class PolicyIssues {
  readonly #issues: PolicyIssue[] = []

  add(path: PolicyPath, message: string): void {
    this.#issues.push({ path: formatPolicyPath(path), message })
  }

  get count(): number {
    return this.#issues.length
  }

  list(): readonly PolicyIssue[] {
    return [...this.#issues]
  }
}

/** A name from the input quoted for a message, cut short so a hostile document cannot flood logs. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name)
}

/** ` (did you mean "Resource"?)` when `name` is a known name in another case or plural; else ''. */
export function didYouMean(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase()
  const match = known.find((candidate) => [lower, lower.replace(/s$/, '')].includes(candidate.toLowerCase()))
  return match === undefined ? '' : ` (did you mean ${JSON.stringify(match)}?)`
}
