import { z } from 'zod'
import { isPlainObject, reportShapeIssues, type ShapeIssue } from './shape-issue.ts'

/** A `{ Key, Value }` tag, stored in declaration order as IAM lists tags. */
export type Tag = { readonly Key: string; readonly Value: string }

const NAME_CHARACTERS = 'letters, digits and + = , . @ _ -'

/** An IAM name (user, role, policy, MFA device…): 1..max characters from IAM's name alphabet. */
export const iamName = (max: number) =>
  z.string().regex(new RegExp(`^[\\w+=,.@-]{1,${max}}$`), `expected 1-${max} characters: ${NAME_CHARACTERS}`)

/** An IAM path such as `/` or `/engineering/`; defaults to `/`. */
export const iamPath = z
  .string()
  .regex(/^\/([\x21-\x7e]{1,510}\/)?$/, 'expected a path that starts and ends with "/", e.g. /engineering/ (at most 512 characters)')
  .default('/')

export const description = z.string().max(1000, 'must be at most 1000 characters').optional()

/** Quoted or not: YAML reads an unquoted 12-digit id as a number, which is still unambiguous. */
export const accountId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value),
  z.string({ error: 'expected a 12-digit account id, e.g. "111122223333"' })
    .regex(/^\d{12}$/, 'expected a 12-digit account id, e.g. "111122223333" (quote ids with a leading zero)'),
)

export const accountAlias = z
  .string()
  .regex(/^(?!-)(?!.*--)[a-z0-9-]{3,63}(?<!-)$/, 'expected 3-63 lower-case letters, digits or single hyphens, not starting or ending with a hyphen')

export const policyArn = z
  .string()
  .regex(/^arn:aws:iam::(\d{12}|aws):policy\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,128}$/, 'expected a managed policy ARN, e.g. arn:aws:iam::111122223333:policy/Boundary')

/** A managed policy ARN, or the name of a policy declared in the same account. */
export const policyReference = z.string().superRefine((value, ctx) => {
  const ok = value.startsWith('arn:') ? policyArn.safeParse(value).success : /^[\w+=,.@-]{1,128}$/.test(value)
  if (!ok) ctx.addIssue({ code: 'custom', message: 'expected a managed policy ARN or the name of a policy declared in this account' })
})

export const roleReference = z.string().superRefine((value, ctx) => {
  const ok = value.startsWith('arn:')
    ? /^arn:aws:iam::\d{12}:role\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/.test(value)
    : /^[\w+=,.@-]{1,64}$/.test(value)
  if (!ok) ctx.addIssue({ code: 'custom', message: 'expected a role ARN or the name of a role declared in this account' })
})

/**
 * Tags as a mapping `{ key: value }` or as IAM's list `[{ Key, Value }]`; output `Tag[]` in the
 * given order. IAM limits: 50 tags, keys 1-128 and values 0-256 characters, keys unique ignoring case.
 */
export const tags = z.unknown().transform((value, ctx): Tag[] => {
  const entries = tagEntries(value)
  if ('issues' in entries) {
    reportShapeIssues(ctx, entries.issues)
    return z.NEVER
  }
  const issues: ShapeIssue[] = []
  const seen = new Set<string>()
  for (const { tag, path } of entries.list) {
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(tag.Key)) {
      issues.push({ path, message: 'tag keys are 1-128 letters, digits, spaces or _ . : / = + - @' })
    } else if (seen.has(tag.Key.toLowerCase())) {
      issues.push({ path, message: `duplicate tag key ${JSON.stringify(tag.Key)} (tag keys are case-insensitive)` })
    }
    seen.add(tag.Key.toLowerCase())
    if (tag.Value.length > 256) issues.push({ path, message: 'tag values are at most 256 characters' })
  }
  if (entries.list.length > 50) issues.push({ path: [], message: 'at most 50 tags' })
  reportShapeIssues(ctx, issues)
  return issues.length > 0 ? z.NEVER : entries.list.map(({ tag }) => tag)
}).default([])

type TagEntries = { list: { tag: Tag; path: (string | number)[] }[] } | { issues: ShapeIssue[] }

function tagEntries(value: unknown): TagEntries {
  const notString = 'expected a string (quote numbers and booleans)'
  if (isPlainObject(value)) {
    const issues = Object.entries(value)
      .filter(([, tagValue]) => typeof tagValue !== 'string')
      .map(([key]) => ({ path: [key], message: notString }))
    if (issues.length > 0) return { issues }
    return { list: Object.entries(value).map(([key, tagValue]) => ({ tag: { Key: key, Value: tagValue as string }, path: [key] })) }
  }
  if (Array.isArray(value)) {
    const issues: ShapeIssue[] = []
    const list = value.flatMap((entry: unknown, index) => {
      const ok = isPlainObject(entry) && Object.keys(entry).length === 2 && typeof entry.Key === 'string' && typeof entry.Value === 'string'
      if (!ok) issues.push({ path: [index], message: 'expected { Key: string, Value: string }' })
      return ok ? [{ tag: { Key: entry.Key as string, Value: entry.Value as string }, path: [index] }] : []
    })
    return issues.length > 0 ? { issues } : { list }
  }
  return { issues: [{ path: [], message: 'expected a mapping of tag keys to values' }] }
}
