import { jsonTypeName, type JsonValue } from './parse-json.ts'
import type { PolicyIssues, PolicyPath } from './policy-issues.ts'

/**
 * An element written as one string or a non-empty array of strings (Action, Resource, a principal
 * type's values), as a list. `check` judges one item: a message, or undefined when it is fine.
 * Undefined when anything was wrong; every problem is in `issues`.
 */
export function parseStringList(
  value: JsonValue,
  path: PolicyPath,
  issues: PolicyIssues,
  check: (item: string) => string | undefined,
): string[] | undefined {
  if (typeof value === 'string') {
    const problem = check(value)
    if (problem === undefined) return [value]
    issues.add(path, problem)
    return undefined
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.add(path, `expected a string or a non-empty array of strings, not ${jsonTypeName(value)}`)
    return undefined
  }
  const before = issues.count
  const items: string[] = []
  value.forEach((item: JsonValue, index) => {
    const problem = typeof item === 'string' ? check(item) : `expected a string, not ${jsonTypeName(item)}`
    if (problem === undefined) items.push(item as string)
    else issues.add([...path, index], problem)
  })
  return issues.count === before ? items : undefined
}
