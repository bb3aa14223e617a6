import { z } from 'zod'
import {
  accountAlias, accountId, description, iamName, iamPath, policyArn, policyReference, roleReference, tags,
} from './field-schemas.ts'
import { mappingPredicateShapeIssues, type MappingPredicate } from './mapping-predicate-shape.ts'
import { oidcProviderUrlProblem } from './oidc-provider-url.ts'
import { policyDocumentField, type DocumentUse } from './policy-document-field.ts'
import { summariseSamlMetadata } from './saml-metadata.ts'
import { isPlainObject, reportShapeIssues } from './shape-issue.ts'

// The structure of a config file (docs/apply.md is its reference). Checks that need more than one
// field (names that must exist, duplicates, key ids and their account) are in build-desired-state.ts.

const list = <T extends z.ZodType>(item: T) => z.array(item).default([])

const inlinePolicy = (use: DocumentUse) => z.strictObject({ name: iamName(128), document: policyDocumentField(use) })

const accessKey = z.strictObject({
  id: z.string().regex(/^AKIA[A-Z2-7]{16}$/, 'expected AKIA followed by 16 characters A-Z or 2-7'),
  secret: z.string({ error: 'expected a string' }).regex(/^[A-Za-z0-9+/]{40}$/, 'expected 40 characters A-Z, a-z, 0-9, + or /'),
  status: z.enum(['Active', 'Inactive']).default('Active'),
})

const user = z.strictObject({
  name: iamName(64),
  path: iamPath,
  permissionsBoundary: policyArn.optional(),
  tags,
  inlinePolicies: list(inlinePolicy('userInline')),
  attachedPolicies: list(policyReference),
  accessKeys: list(accessKey),
})

const mfaDevice = z.strictObject({
  name: iamName(128),
  path: iamPath,
  seed: z.string({ error: 'expected a string' }).regex(/^[A-Z2-7]{16,64}$/, 'expected 16-64 base32 characters (A-Z, 2-7)'),
  user: iamName(64).optional(),
})

const managedPolicy = z.strictObject({
  name: iamName(128),
  path: iamPath,
  description,
  document: policyDocumentField('managed'),
})

const role = z.strictObject({
  name: iamName(64),
  path: iamPath,
  description,
  trustPolicy: policyDocumentField('trust'),
  maxSessionDuration: z.int().min(3600, 'expected 3600-43200 seconds').max(43200, 'expected 3600-43200 seconds').default(3600),
  permissionsBoundary: policyArn.optional(),
  tags,
  inlinePolicies: list(inlinePolicy('roleInline')),
  attachedPolicies: list(policyReference),
})

const samlMetadata = z.string().transform((xml, ctx) => {
  const summary = summariseSamlMetadata(xml)
  if ('problem' in summary) {
    ctx.addIssue({ code: 'custom', message: `SAML metadata ${summary.problem}` })
    return z.NEVER
  }
  return { xml, ...summary }
})

const samlProvider = z.strictObject({
  name: z.string().regex(/^[\w.-]{1,128}$/, 'expected 1-128 characters: letters, digits and . _ -'),
  metadata: samlMetadata,
})

const oidcProvider = z.strictObject({
  url: z.string().superRefine((url, ctx) => {
    const problem = oidcProviderUrlProblem(url)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }),
  clientIds: list(z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters')).refine(
    (ids) => ids.length <= 100, 'at most 100 client ids'),
  thumbprints: list(z.string().regex(/^[0-9A-Fa-f]{40}$/, 'expected 40 hex digits (a SHA-1 thumbprint)'))
    .refine((prints) => prints.length <= 5, 'at most 5 thumbprints')
    .transform((prints) => prints.map((print) => print.toLowerCase())),
})

const predicate = z.unknown().transform((value, ctx) => {
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'required' }) // z.unknown() lets a missing key through
    return z.NEVER
  }
  const issues = mappingPredicateShapeIssues(value)
  reportShapeIssues(ctx, issues)
  return issues.length > 0 ? z.NEVER : (value as MappingPredicate)
})

// `${attr:NAME}` is replaced by the attribute's value when the session is issued (src/mapping).
const sessionTags = z.unknown().transform((value, ctx): Record<string, string> => {
  if (!isPlainObject(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected a mapping of session tag keys to values or ${attr:NAME} templates' })
    return z.NEVER
  }
  for (const [key, text] of Object.entries(value)) {
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'session tag keys are 1-128 letters, digits, spaces or _ . : / = + - @' })
    } else if (typeof text !== 'string') {
      ctx.addIssue({ code: 'custom', path: [key], message: 'expected a string (quote numbers and booleans)' })
    } else if (text.length > 256 || /\$\{(?!attr:[^{}$]{1,256}\})/.test(text)) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'expected at most 256 characters; "${" may only start an ${attr:NAME} template' })
    }
  }
  if (Object.keys(value).length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 session tags' })
  return value as Record<string, string>
}).default({})

const mappingRule = z.strictObject({
  name: iamName(128),
  provider: z.string().regex(/^(arn:|saml:|oidc:)/, 'expected a provider ARN, "saml:<name>" or "oidc:<url>"'),
  priority: z.int().min(0, 'expected an integer 0-1000000').max(1_000_000, 'expected an integer 0-1000000').default(100),
  when: predicate,
  roles: z.array(roleReference).min(1, 'expected at least one role'),
  tags: sessionTags,
  maxSessionDuration: z.int().min(900, 'expected 900-43200 seconds').max(43200, 'expected 900-43200 seconds').optional(),
})

const account = z.strictObject({
  id: accountId,
  // Absent: the alias is left as it is; null: the alias is removed.
  alias: accountAlias.nullable().optional(),
  rootAccessKeys: list(accessKey),
  users: list(user),
  mfaDevices: list(mfaDevice),
  managedPolicies: list(managedPolicy),
  roles: list(role),
  samlProviders: list(samlProvider),
  oidcProviders: list(oidcProvider),
  mappingRules: list(mappingRule),
})

export const configFileSchema = z.strictObject({
  version: z.literal(1).default(1),
  accounts: z.array(account),
})

export type ConfigFile = z.output<typeof configFileSchema>
export type AccountDeclaration = ConfigFile['accounts'][number]
