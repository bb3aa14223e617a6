import { describe, expect, it } from 'vitest'
import { formatPlan } from '../../../src/apply/format-plan.ts'
import type { PlannedChange } from '../../../src/apply/plan-steps.ts'

const changes: PlannedChange[] = [
  { action: 'create', kind: 'role', id: 'arn:aws:iam::111122223333:role/Admin' },
  { action: 'update', kind: 'user', id: 'arn:aws:iam::111122223333:user/alice', fields: ['tags', 'inlinePolicies'] },
  { action: 'create', kind: 'access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
  { action: 'delete', kind: 'mapping-rule', id: '111122223333/old' },
]

describe('formatPlan', () => {
  it('prints one line per change and the dry-run summary', () => {
    expect(formatPlan({ changes, applied: false })).toBe([
      '+ create role arn:aws:iam::111122223333:role/Admin',
      '~ update user arn:aws:iam::111122223333:user/alice (tags, inlinePolicies)',
      '+ create access-key AKIAIOSFODNN7EXAMPLE',
      '- delete mapping-rule 111122223333/old',
      'Plan: 2 to create, 1 to update, 1 to delete.',
    ].join('\n'))
  })

  it('prints the applied summary, and only "No changes." when there are none', () => {
    expect(formatPlan({ changes, applied: true }).split('\n').at(-1)).toBe('Applied: 2 created, 1 updated, 1 deleted.')
    expect(formatPlan({ changes: [], applied: true })).toBe('No changes.')
    expect(formatPlan({ changes: [], applied: false })).toBe('No changes.')
  })
})
