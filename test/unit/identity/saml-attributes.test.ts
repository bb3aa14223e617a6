import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { AWS_SAML, awsSamlAttributes } from '../../../src/identity/saml/aws-attributes.ts'
import { nameQualifier, samlConditionKeys, subjectType } from '../../../src/identity/saml/saml-condition-keys.ts'
import type { VerifiedSamlAssertion } from '../../../src/identity/saml/verify-saml-response.ts'

const ROLE = 'arn:aws:iam::123456789012:role/Reader'
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/corp'

const attributes = (...entries: Array<[string, string[]]>) => new Map<string, readonly string[]>([[AWS_SAML.roleSessionName, ['alice']], ...entries])

function refusal(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    const { code, status, message } = error as ServiceError
    return { code, status, message }
  }
  throw new Error('expected a refusal')
}

describe("AWS's SAML attributes", () => {
  it('reads role pairs in either order, ignoring values that are not two ARNs', () => {
    const read = awsSamlAttributes(attributes([AWS_SAML.role, [
      `${ROLE},${PROVIDER}`, ` ${PROVIDER} , arn:aws:iam::123456789012:role/Writer `, 'Reader', `${ROLE},${PROVIDER},extra`, `${ROLE},${ROLE}`,
    ]]))
    expect(read.roles).toEqual([{ roleArn: ROLE, providerArn: PROVIDER }, { roleArn: 'arn:aws:iam::123456789012:role/Writer', providerArn: PROVIDER }])
    expect(read.roleSessionName).toBe('alice')
    expect(read.sessionDuration).toBeUndefined()
  })

  it('reads SessionDuration, session tags, transitive keys and source identity', () => {
    const read = awsSamlAttributes(attributes(
      [AWS_SAML.sessionDuration, ['1800']],
      [`${AWS_SAML.principalTag}team`, ['red']],
      [`${AWS_SAML.principalTag}CostCenter`, ['12345']],
      [AWS_SAML.transitiveTagKeys, ['team']],
      [AWS_SAML.sourceIdentity, ['alice@example.com']],
    ))
    expect(read.sessionDuration).toBe(1800)
    expect(read.session).toEqual({ tags: [['team', 'red'], ['CostCenter', '12345']], transitiveTagKeys: ['team'], sourceIdentity: 'alice@example.com' })
  })

  it.each([
    ['no RoleSessionName', new Map([[AWS_SAML.role, [`${ROLE},${PROVIDER}`]]]),
      { code: 'InvalidIdentityToken', status: 400, message: `The SAML assertion has no ${AWS_SAML.roleSessionName} attribute.` }],
    ['two RoleSessionName values', new Map([[AWS_SAML.roleSessionName, ['alice', 'bob']]]),
      { code: 'InvalidIdentityToken', status: 400, message: `The SAML assertion attribute ${AWS_SAML.roleSessionName} must have exactly one value.` }],
    ['a RoleSessionName with a space', new Map([[AWS_SAML.roleSessionName, ['a b']]]),
      { code: 'ValidationError', status: 400, message: "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*" }],
    ['a one-character RoleSessionName', new Map([[AWS_SAML.roleSessionName, ['a']]]),
      { code: 'ValidationError', status: 400, message: "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2" }],
    ['SessionDuration 899', attributes([AWS_SAML.sessionDuration, ['899']]),
      { code: 'ValidationError', status: 400, message: "1 validation error detected: Value '899' at 'sessionDuration' failed to satisfy constraint: Member must be an integer between 900 and 43200" }],
    ['SessionDuration 43201', attributes([AWS_SAML.sessionDuration, ['43201']]),
      { code: 'ValidationError', status: 400, message: "1 validation error detected: Value '43201' at 'sessionDuration' failed to satisfy constraint: Member must be an integer between 900 and 43200" }],
    ['SessionDuration 1e3', attributes([AWS_SAML.sessionDuration, ['1e3']]),
      { code: 'ValidationError', status: 400, message: "1 validation error detected: Value '1e3' at 'sessionDuration' failed to satisfy constraint: Member must be an integer between 900 and 43200" }],
    ['PrincipalTag keys differing only in case', attributes([`${AWS_SAML.principalTag}team`, ['red']], [`${AWS_SAML.principalTag}Team`, ['blue']]),
      { code: 'InvalidIdentityToken', status: 400, message: 'The SAML assertion names the session tag Team more than once (tag keys are case-insensitive).' }],
    ['a multivalued PrincipalTag', attributes([`${AWS_SAML.principalTag}team`, ['red', 'blue']]),
      { code: 'IDPRejectedClaim', status: 403, message: `${AWS_SAML.principalTag}team: a session tag takes exactly one value` }],
    ['an aws: tag key', attributes([`${AWS_SAML.principalTag}aws:team`, ['red']]),
      { code: 'IDPRejectedClaim', status: 403, message: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag: "aws:team" is not a valid session tag key' }],
    ['a transitive key that is no tag', attributes([AWS_SAML.transitiveTagKeys, ['team']]),
      { code: 'IDPRejectedClaim', status: 403, message: 'https://aws.amazon.com/SAML/Attributes/PrincipalTag: the transitive tag key "team" is not a session tag' }],
    ['an aws: source identity', attributes([AWS_SAML.sourceIdentity, ['aws:x']]),
      { code: 'IDPRejectedClaim', status: 403, message: `${AWS_SAML.sourceIdentity}: not a valid source identity (2-64 characters of [\\w+=,.@-], not starting with aws:)` }],
  ])('refuses %s', (_name, given, expected) => {
    expect(refusal(() => awsSamlAttributes(given))).toEqual(expected)
  })
})

describe('SAML trust-policy keys', () => {
  const assertion = (extra: Partial<VerifiedSamlAssertion> = {}): VerifiedSamlAssertion => ({
    id: '_a1', issueInstant: new Date(), issuer: 'https://idp.example.com/saml', nameId: 'alice@example.com',
    nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', subjectConfirmations: [], notBefore: undefined, notOnOrAfter: undefined,
    audienceRestrictions: [['urn:amazon:webservices']], sessionNotOnOrAfter: undefined, attributes: new Map(),
    recipient: 'https://sts.example.com/saml/acs', usableUntil: new Date(), ...extra,
  })

  it("computes AWS's NameQualifier and SubjectType", () => {
    expect(nameQualifier('https://idp.example.com/saml', '123456789012', 'corp'))
      .toBe(createHash('sha1').update('https://idp.example.com/saml123456789012/corp').digest('base64'))
    expect(subjectType('urn:oasis:names:tc:SAML:2.0:nameid-format:transient')).toBe('transient')
    expect(subjectType('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress')).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress')
    expect(subjectType(undefined)).toBe('unspecified')
  })

  it('gives saml:aud from the Recipient, the identity keys, and mapped attributes as AWS types them', () => {
    const keys = samlConditionKeys(assertion({
      attributes: new Map([
        ['urn:oid:1.3.6.1.4.1.5923.1.1.1.1', ['member', 'staff']],
        ['urn:oid:1.3.6.1.4.1.5923.1.1.1.6', ['alice@example.edu', 'second']],
        ['urn:oid:2.5.4.3', ['Alice']],
        ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['alice@example.com']],
        ['http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid', ['S-1-5-21']],
        ['urn:oid:0.9.2342.19200300.100.1.3', ['other@example.com']],
        ['https://aws.amazon.com/SAML/Attributes/RoleSessionName', ['alice']],
      ]),
    }), '123456789012', 'corp', nameQualifier('https://idp.example.com/saml', '123456789012', 'corp'))
    expect(keys).toEqual({
      'saml:aud': 'https://sts.example.com/saml/acs',
      'saml:iss': 'https://idp.example.com/saml',
      'saml:sub': 'alice@example.com',
      'saml:sub_type': 'persistent',
      'saml:namequalifier': nameQualifier('https://idp.example.com/saml', '123456789012', 'corp'),
      'saml:doc': '123456789012/corp',
      'saml:edupersonaffiliation': ['member', 'staff'],
      'saml:edupersonprincipalname': 'alice@example.edu',
      'saml:cn': ['Alice'],
      'saml:mail': 'alice@example.com',
      'saml:uid': 'S-1-5-21',
    })
  })
})
