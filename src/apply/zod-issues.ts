import type { z } from 'zod'
import type { ConfigIssue } from './config-file-error.ts'
import { formatIssuePath } from './issue-path.ts'

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
}

/**
 * Messages for the issues the schema does not word itself (pass as `error` to safeParse): short,
 * in the file's vocabulary (list, mapping), and never quoting the input, which may be a secret.
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'required' : `expected ${EXPECTED[issue.expected] ?? issue.expected}`
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((value) => JSON.stringify(value))
    return values.length <= 2 ? `expected ${values.join(' or ')}` : `expected one of ${values.join(', ')}`
  }
  return undefined
}

/** Zod's issues as ConfigIssues, one per unknown key. */
export function configIssuesOf(error: z.ZodError): ConfigIssue[] {
  return error.issues.flatMap((issue) => {
    const path = formatIssuePath(issue.path)
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path, message: `unknown key ${JSON.stringify(key)}` }))
    }
    return [{ path, message: issue.message }]
  })
}
