import { ServiceError } from '../errors.ts'
import { failedConstraints } from '../protocol/string-parameters.ts'
import { RULES } from '../sts/session-parameters.ts'

/** Session tags, transitive tag keys and source identity an identity provider asserted for a session. */
export interface SessionAttributes {
  readonly tags: ReadonlyArray<readonly [string, string]>
  readonly transitiveTagKeys: readonly string[]
  readonly sourceIdentity: string | undefined
}

export const NO_SESSION_ATTRIBUTES: SessionAttributes = { tags: [], transitiveTagKeys: [], sourceIdentity: undefined }

const MAX_TAGS = 50

/**
 * Checks what an IdP asserted against the rules AssumeRole applies to the same parameters
 * (IAM "Passing session tags in STS": at most 50 tags, key and value lengths and characters, no
 * `aws:` keys, keys unique regardless of case, transitive keys among the tags; a source identity
 * of 2-64 characters not starting with `aws:`). The claims verified, so a bad one is the IdP's:
 * IDPRejectedClaim, naming the claim.
 */
export function checkSessionAttributes(attributes: SessionAttributes, claimNames: { readonly tags: string; readonly sourceIdentity: string }): SessionAttributes {
  const rejected = (problem: string) => new ServiceError('IDPRejectedClaim', `${claimNames.tags}: ${problem}`)
  const { tags, transitiveTagKeys, sourceIdentity } = attributes
  if (tags.length > MAX_TAGS) throw rejected(`more than ${MAX_TAGS} session tags`)
  const keys = new Set<string>()
  for (const [key, value] of tags) {
    if (failedConstraints(key, RULES.tagKey).length > 0 || key.toLowerCase().startsWith('aws:')) throw rejected(`${JSON.stringify(key.slice(0, 128))} is not a valid session tag key`)
    if (failedConstraints(value, RULES.tagValue).length > 0) throw rejected(`the value of ${key} is not a valid session tag value`)
    if (keys.has(key.toLowerCase())) throw rejected(`${key} is given twice (tag keys are case-insensitive)`)
    keys.add(key.toLowerCase())
  }
  if (transitiveTagKeys.length > MAX_TAGS) throw rejected(`more than ${MAX_TAGS} transitive tag keys`)
  for (const key of transitiveTagKeys) {
    if (!keys.has(key.toLowerCase())) throw rejected(`the transitive tag key ${JSON.stringify(key.slice(0, 128))} is not a session tag`)
  }
  if (sourceIdentity !== undefined && (failedConstraints(sourceIdentity, RULES.sourceIdentity).length > 0 || sourceIdentity.toLowerCase().startsWith('aws:'))) {
    throw new ServiceError('IDPRejectedClaim', `${claimNames.sourceIdentity}: not a valid source identity (2-64 characters of [\\w+=,.@-], not starting with aws:)`)
  }
  return attributes
}
