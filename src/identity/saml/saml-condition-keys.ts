import { createHash } from 'node:crypto'
import type { VerifiedSamlAssertion } from './verify-saml-response.ts'

const NAME_ID_FORMAT_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:'

/** `saml:sub_type`: `persistent`, `transient`, or the whole Format URI of any other kind (AWS). */
export function subjectType(format: string | undefined): string {
  if (format === undefined) return 'unspecified'
  return format.startsWith(NAME_ID_FORMAT_PREFIX) ? format.slice(NAME_ID_FORMAT_PREFIX.length) : format
}

/** `saml:namequalifier`: AWS's Base64(SHA1(issuer + account id + "/" + provider name)), stable per user of one provider. */
export function nameQualifier(issuer: string, accountId: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64')
}

const EDU_PERSON = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.'
const EDU_ORG = 'urn:oid:1.3.6.1.4.1.5923.1.2.1.'

/**
 * SAML attributes AWS maps to trust-policy keys (IAM "Mapping SAML attributes to AWS trust
 * policy context keys"): attribute Name -> [key, multivalued]. X.500 names are listed as AWS
 * writes them (typos included) and in their `urn:oid:` form.
 */
const ATTRIBUTE_KEYS: ReadonlyMap<string, readonly [string, boolean]> = new Map([
  [`${EDU_PERSON}1`, ['saml:edupersonaffiliation', true]],
  [`${EDU_PERSON}2`, ['saml:edupersonnickname', true]],
  [`${EDU_PERSON}3`, ['saml:edupersonorgdn', false]],
  [`${EDU_PERSON}4`, ['saml:edupersonorgunitdn', true]],
  [`${EDU_PERSON}5`, ['saml:edupersonprimaryaffiliation', false]],
  [`${EDU_PERSON}6`, ['saml:edupersonprincipalname', false]],
  [`${EDU_PERSON}7`, ['saml:edupersonentitlement', true]],
  [`${EDU_PERSON}8`, ['saml:edupersonprimaryorgunitdn', false]],
  [`${EDU_PERSON}9`, ['saml:edupersonscopedaffiliation', true]],
  [`${EDU_PERSON}10`, ['saml:edupersontargetedid', true]],
  [`${EDU_PERSON}11`, ['saml:edupersonassurance', true]],
  [`${EDU_ORG}2`, ['saml:eduorghomepageuri', true]],
  [`${EDU_ORG}3`, ['saml:eduorgidentityauthnpolicyuri', true]],
  [`${EDU_ORG}4`, ['saml:eduorglegalname', true]],
  [`${EDU_ORG}5`, ['saml:eduorgsuperioruri', true]],
  [`${EDU_ORG}6`, ['saml:eduorgwhitepagesuri', true]],
  ['urn:oid:2.5.4.3', ['saml:cn', true]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', ['saml:name', false]],
  ['http://schemas.xmlsoap.org/claims/CommonName', ['saml:commonName', false]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', ['saml:givenName', false]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', ['saml:surname', false]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['saml:mail', false]],
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid', ['saml:uid', false]],
  // urn:oid:2.5.4.3 is eduPerson's `cn` above; only the bare X.500 name is commonName.
  ['2.5.4.3', ['saml:commonName', false]],
  ...x500('2.5.4.4', 'saml:surname'),
  ...x500('2.4.5.42', 'saml:givenName'),
  ...x500('2.5.4.42', 'saml:givenName'),
  ...x500('2.5.4.45', 'saml:x500UniqueIdentifier'),
  ...x500('0.9.2342.19200300100.1.1', 'saml:uid'),
  ...x500('0.9.2342.19200300.100.1.1', 'saml:uid'),
  ...x500('0.9.2342.19200300100.1.3', 'saml:mail'),
  ...x500('0.9.2342.19200300.100.1.3', 'saml:mail'),
  ...x500('0.9.2342.19200300.100.1.45', 'saml:organizationStatus'),
])

function x500(oid: string, key: string): Array<[string, readonly [string, boolean]]> {
  return [[oid, [key, false]], [`urn:oid:${oid}`, [key, false]]]
}

/**
 * The trust-policy keys of a verified assertion (IAM "Available keys for SAML-based AWS STS
 * federation"): saml:aud (the Recipient, not the Audience), saml:iss, saml:sub, saml:sub_type,
 * saml:namequalifier (`qualifier`: nameQualifier(), which the caller has already computed),
 * saml:doc, and the mapped attributes. A single-valued key given several values keeps the first,
 * and of two attributes mapping to one key the first counts ("only one claim will be mapped").
 */
export function samlConditionKeys(assertion: VerifiedSamlAssertion, accountId: string, providerName: string, qualifier: string): Record<string, string | readonly string[]> {
  const keys: Record<string, string | readonly string[]> = {
    'saml:aud': assertion.recipient,
    'saml:iss': assertion.issuer,
    'saml:sub': assertion.nameId,
    'saml:sub_type': subjectType(assertion.nameIdFormat),
    'saml:namequalifier': qualifier,
    'saml:doc': `${accountId}/${providerName}`,
  }
  for (const [name, values] of assertion.attributes) {
    const mapped = ATTRIBUTE_KEYS.get(name)
    if (!mapped || values.length === 0) continue
    const [key, multiValued] = mapped
    if (keys[key] !== undefined) continue
    keys[key] = multiValued ? values : values[0]!
  }
  return keys
}
