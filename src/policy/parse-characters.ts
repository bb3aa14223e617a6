import { isJsonObject, type JsonValue } from './parse-json.ts'
import type { PolicyIssues, PolicyPath } from './policy-issues.ts'

/**
 * "Policy documents can contain only the following Unicode characters: horizontal tab (U+0009),
 * linefeed (U+000A), carriage return (U+000D), and characters in the range U+0020 to U+00FF"
 * (IAM and AWS STS quotas, IAM name requirements). Checked on decoded keys and values, so an
 * escape (`\u4e2d`) cannot slip past what the raw text would have been refused for.
 */
export function characterIssues(value: JsonValue, path: PolicyPath, issues: PolicyIssues): void {
  walk(value, [...path], issues)
}

/** `path` is one stack for the whole walk, copied only when an issue needs it. */
function walk(value: JsonValue, path: (string | number)[], issues: PolicyIssues): void {
  if (typeof value === 'string') {
    const problem = characterProblem(value)
    if (problem !== undefined) issues.add([...path], problem)
  } else if (Array.isArray(value)) {
    value.forEach((item: JsonValue, index) => {
      path.push(index)
      walk(item, path, issues)
      path.pop()
    })
  } else if (value !== null && isJsonObject(value)) {
    for (const [key, item] of value) {
      const problem = characterProblem(key)
      if (problem !== undefined) issues.add([...path], `a key ${problem}`)
      path.push(key)
      walk(item, path, issues)
      path.pop()
    }
  }
}

// Everything outside tab, LF, CR and U+0020-U+00FF.
const DISALLOWED = /[^\t\n\r\u0020-\u00ff]/u

function characterProblem(text: string): string | undefined {
  const match = DISALLOWED.exec(text)
  if (match === null) return undefined
  const code = match[0].codePointAt(0) ?? 0
  return `contains U+${code.toString(16).toUpperCase().padStart(4, '0')}; policy documents may contain only tab, line feed, carriage return and characters U+0020 to U+00FF`
}
