import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { sessionAttributesOf, SOURCE_IDENTITY_CLAIM, TAGS_CLAIM } from '../../../src/identity/oidc/aws-claims.ts'

const tags = (principalTags: unknown, transitive?: unknown) =>
  ({ [TAGS_CLAIM]: { principal_tags: principalTags, ...(transitive !== undefined && { transitive_tag_keys: transitive }) } })

const rejection = (claims: Record<string, unknown>) => {
  try {
    sessionAttributesOf(claims)
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    return { code: (error as ServiceError).code, status: (error as ServiceError).status, message: (error as ServiceError).message }
  }
  throw new Error('expected a rejection')
}

describe('session tags and source identity from web identity claims', () => {
  it('reads none from a token without the AWS claims', () => {
    expect(sessionAttributesOf({ sub: 'x' })).toEqual({ tags: [], transitiveTagKeys: [], sourceIdentity: undefined })
  })

  it('reads principal_tags (one-element lists), transitive_tag_keys and source_identity', () => {
    expect(sessionAttributesOf({ ...tags({ Project: ['Automation'], CostCenter: ['12345'], Empty: [''] }, ['Project']), [SOURCE_IDENTITY_CLAIM]: 'alice@example.com' })).toEqual({
      tags: [['Project', 'Automation'], ['CostCenter', '12345'], ['Empty', '']],
      transitiveTagKeys: ['Project'],
      sourceIdentity: 'alice@example.com',
    })
  })

  it('accepts 50 tags and keys and values at their length limits', () => {
    const fifty = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, ['v']]))
    fifty['k'.repeat(128)] = ['v'.repeat(256)]
    expect(sessionAttributesOf(tags(fifty)).tags).toHaveLength(50)
  })

  it.each([
    ['a tags claim that is a list', { [TAGS_CLAIM]: [] }, `${TAGS_CLAIM}: must be an object`],
    ['principal_tags that is a list', tags([['team', 'red']]), `${TAGS_CLAIM}: principal_tags must be an object`],
    ['a plain string value', tags({ team: 'red' }), `${TAGS_CLAIM}: principal_tags values must be lists of one string ("team" is not)`],
    ['a multivalued tag', tags({ team: ['red', 'blue'] }), `${TAGS_CLAIM}: principal_tags values must be lists of one string ("team" is not)`],
    ['a number value', tags({ team: [7] }), `${TAGS_CLAIM}: principal_tags values must be lists of one string ("team" is not)`],
    ['51 tags', tags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, ['v']]))), `${TAGS_CLAIM}: more than 50 session tags`],
    ['an aws: key', tags({ 'AWS:team': ['red'] }), `${TAGS_CLAIM}: "AWS:team" is not a valid session tag key`],
    ['a 129-character key', tags({ ['k'.repeat(129)]: ['v'] }), `${TAGS_CLAIM}: "${'k'.repeat(128)}" is not a valid session tag key`],
    ['a key with a forbidden character', tags({ 'team!': ['red'] }), `${TAGS_CLAIM}: "team!" is not a valid session tag key`],
    ['a 257-character value', tags({ team: ['v'.repeat(257)] }), `${TAGS_CLAIM}: the value of team is not a valid session tag value`],
    ['a value with a control character', tags({ team: ['red\n'] }), `${TAGS_CLAIM}: the value of team is not a valid session tag value`],
    ['keys differing only in case', tags({ Team: ['red'], team: ['blue'] }), `${TAGS_CLAIM}: team is given twice (tag keys are case-insensitive)`],
    ['transitive keys that are not a list of strings', tags({ team: ['red'] }, 'team'), `${TAGS_CLAIM}: transitive_tag_keys must be a list of strings`],
    ['a transitive key that is no tag', tags({ team: ['red'] }, ['project']), `${TAGS_CLAIM}: the transitive tag key "project" is not a session tag`],
    ['a source identity that is not a string', { [SOURCE_IDENTITY_CLAIM]: ['alice'] }, `${SOURCE_IDENTITY_CLAIM}: must be a string`],
    ['a one-character source identity', { [SOURCE_IDENTITY_CLAIM]: 'a' }, `${SOURCE_IDENTITY_CLAIM}: not a valid source identity (2-64 characters of [\\w+=,.@-], not starting with aws:)`],
    ['a source identity with a space', { [SOURCE_IDENTITY_CLAIM]: 'a b' }, `${SOURCE_IDENTITY_CLAIM}: not a valid source identity (2-64 characters of [\\w+=,.@-], not starting with aws:)`],
    ['an aws: source identity', { [SOURCE_IDENTITY_CLAIM]: 'aws:admin' }, `${SOURCE_IDENTITY_CLAIM}: not a valid source identity (2-64 characters of [\\w+=,.@-], not starting with aws:)`],
  ])('rejects %s as IDPRejectedClaim', (_name, claims, message) => {
    expect(rejection(claims)).toEqual({ code: 'IDPRejectedClaim', status: 403, message })
  })

  it('matches transitive keys to tags regardless of case, keeping the tag key as written', () => {
    expect(sessionAttributesOf(tags({ Team: ['red'] }, ['team']))).toMatchObject({ tags: [['Team', 'red']], transitiveTagKeys: ['team'] })
  })
})
