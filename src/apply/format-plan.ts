import type { ApplyResult } from './index.ts'

const SIGNS = { create: '+', update: '~', delete: '-' } as const

/**
 * The plan for people: one line per change (`+ create role arn:…`, `~ update user arn:… (tags)`,
 * `- delete access-key AKIA…`), then `Plan: …` for a dry run or `Applied: …`, or only `No changes.`
 * Lines are joined with "\n", without a trailing newline. Names keys by id only, never a secret.
 */
export function formatPlan(result: ApplyResult): string {
  if (result.changes.length === 0) return 'No changes.'
  const lines = result.changes.map((change) =>
    `${SIGNS[change.action]} ${change.action} ${change.kind} ${change.id}${change.fields?.length ? ` (${change.fields.join(', ')})` : ''}`)
  const count = (action: keyof typeof SIGNS) => result.changes.filter((change) => change.action === action).length
  lines.push(result.applied
    ? `Applied: ${count('create')} created, ${count('update')} updated, ${count('delete')} deleted.`
    : `Plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.`)
  return lines.join('\n')
}
