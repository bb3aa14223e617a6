import type { JWTPayload } from 'jose'
import { isPlainObject } from '../../is-plain-object.ts'
import { ServiceError } from '../../errors.ts'
import { checkSessionAttributes, NO_SESSION_ATTRIBUTES, type SessionAttributes } from '../session-attributes.ts'

/** The claims AWS reads session tags and source identity from (IAM "Passing session tags using AssumeRoleWithWebIdentity"). */
export const TAGS_CLAIM = 'https://aws.amazon.com/tags'
export const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity'

/**
 * Session tags and source identity from a verified token:
 * `"https://aws.amazon.com/tags": {"principal_tags": {"team": ["red"]}, "transitive_tag_keys": ["team"]}`
 * (each value a one-element list: AWS does not support multivalued tags) and
 * `"https://aws.amazon.com/source_identity": "alice"`. Throws IDPRejectedClaim for a claim of
 * the wrong shape or breaking a session-tag rule.
 */
export function sessionAttributesOf(claims: JWTPayload): SessionAttributes {
  const tagsClaim = claims[TAGS_CLAIM]
  const sourceIdentity = claims[SOURCE_IDENTITY_CLAIM]
  if (tagsClaim === undefined && sourceIdentity === undefined) return NO_SESSION_ATTRIBUTES
  if (sourceIdentity !== undefined && typeof sourceIdentity !== 'string') throw rejected(SOURCE_IDENTITY_CLAIM, 'must be a string')
  const { tags, transitiveTagKeys } = tagsClaim === undefined ? { tags: [], transitiveTagKeys: [] } : readTagsClaim(tagsClaim)
  return checkSessionAttributes({ tags, transitiveTagKeys, sourceIdentity }, { tags: TAGS_CLAIM, sourceIdentity: SOURCE_IDENTITY_CLAIM })
}

function readTagsClaim(claim: unknown): Pick<SessionAttributes, 'tags' | 'transitiveTagKeys'> {
  if (!isPlainObject(claim)) throw rejected(TAGS_CLAIM, 'must be an object')
  const principalTags = claim.principal_tags ?? {}
  const transitive = claim.transitive_tag_keys ?? []
  if (!isPlainObject(principalTags)) throw rejected(TAGS_CLAIM, 'principal_tags must be an object')
  const tags = Object.entries(principalTags).map(([key, values]) => {
    if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') {
      throw rejected(TAGS_CLAIM, `principal_tags values must be lists of one string (${JSON.stringify(key.slice(0, 128))} is not)`)
    }
    return [key, values[0]] as const
  })
  if (!Array.isArray(transitive) || !transitive.every((key) => typeof key === 'string')) {
    throw rejected(TAGS_CLAIM, 'transitive_tag_keys must be a list of strings')
  }
  return { tags, transitiveTagKeys: transitive }
}

const rejected = (claim: string, problem: string) => new ServiceError('IDPRejectedClaim', `${claim}: ${problem}`)
