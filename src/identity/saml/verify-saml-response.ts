import { SAML, ValidateInResponseTo } from '@node-saml/node-saml'
import type { SamlServiceProvider } from '../../config/config.ts'
import { ServiceError } from '../../errors.ts'
import { invalidIdentityToken, samlResponseError } from '../errors.ts'
import { checkAlgorithms } from './algorithm-policy.ts'
import { attribute, children, decodeSamlResponse, NS, parseXml } from './saml-xml.ts'
import { readSignedAssertion, type SignedAssertion } from './signed-assertion.ts'

/** Clock skew tolerated on every SAML time (S-24: at most three minutes). */
export const SAML_CLOCK_SKEW_MS = 180_000
/** AWS: "Token must be redeemed within 5 minutes of issuance" (measured from the assertion's IssueInstant). */
export const MAX_ASSERTION_AGE_MS = 300_000
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer'
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success'

/** The IAM SAML provider a response must be verified against: the one PrincipalArn names, only. */
export interface SamlProviderTrust {
  readonly entityId: string
  /** Base64 DER; several during the IdP's certificate rollover. */
  readonly signingCertificates: readonly string[]
}

/** The verified assertion, with the SubjectConfirmation that admitted it. */
export interface VerifiedSamlAssertion extends SignedAssertion {
  /** The Recipient of the bearer confirmation (AWS's `saml:aud` and the result's Audience). */
  readonly recipient: string
  /** Until when the assertion could be presented: what replay protection must remember it for. */
  readonly usableUntil: Date
}

/**
 * Verifies a base64 SAML Response as AssumeRoleWithSAML receives it (and the portal's ACS will):
 * no DOCTYPE, only allowed algorithms (algorithm-policy.ts), a Destination that is ours when
 * present, then node-saml checks a signature over the Response or the Assertion made by one of
 * the provider's certificates (decrypting an EncryptedAssertion with stsgate's SP key), exactly
 * one assertion and the Conditions window; then, on the signed assertion only: Issuer is the
 * provider's entity id; exactly one SubjectConfirmation, bearer, whose Recipient is ours and whose
 * NotOnOrAfter is still ahead; every AudienceRestriction names one of our audiences; issued at
 * most 5 minutes ago. Clock skew: three minutes.
 * Throws InvalidIdentityToken, ExpiredTokenException (expired or too old), IDPRejectedClaim (the
 * IdP's Status says the login failed).
 */
export async function verifySamlResponse(
  base64: string, provider: SamlProviderTrust, sp: SamlServiceProvider, decryptionKeyPem: string, now: Date,
): Promise<VerifiedSamlAssertion> {
  const xml = decodeSamlResponse(base64)
  const response = parseXml(xml).documentElement!
  if (response.namespaceURI !== NS.protocol || response.localName !== 'Response') throw invalidIdentityToken('The SAMLAssertion is not a SAML 2.0 Response.')
  checkAlgorithms(response)
  // node-saml reads Status only when there is no assertion; a failed login must never pass.
  const status = children(response, NS.protocol, 'Status').flatMap((element) => children(element, NS.protocol, 'StatusCode'))
  if (status.length !== 1 || attribute(status[0]!, 'Value') !== SUCCESS) {
    throw new ServiceError('IDPRejectedClaim', 'The identity provider reported that authentication failed (the SAML response Status is not Success).')
  }
  const destination = attribute(response, 'Destination')
  if (destination !== undefined && !sp.recipients.includes(destination)) throw invalidIdentityToken('The SAML response is addressed to another Destination.')
  if (children(response, NS.assertion, 'Assertion').length + children(response, NS.assertion, 'EncryptedAssertion').length !== 1) {
    throw invalidIdentityToken('The SAML response must carry exactly one assertion.')
  }
  const saml = new SAML({
    idpCert: [...provider.signingCertificates],
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    // Audiences are checked below: node-saml takes one, stsgate accepts several (AND-ed per restriction).
    audience: false,
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    maxAssertionAgeMs: 0,
    validateInResponseTo: ValidateInResponseTo.never,
    decryptionPvk: decryptionKeyPem,
  })
  let assertionXml: string
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: Buffer.from(xml).toString('base64') })
    if (!profile) throw invalidIdentityToken('The SAML response carries no assertion.')
    assertionXml = profile.getAssertionXml!()
  } catch (error) {
    throw error instanceof ServiceError ? error : samlResponseError(error)
  }
  return checkAssertion(readSignedAssertion(assertionXml), provider, sp, now)
}

function checkAssertion(assertion: SignedAssertion, provider: SamlProviderTrust, sp: SamlServiceProvider, now: Date): VerifiedSamlAssertion {
  const at = now.getTime()
  if (assertion.issuer !== provider.entityId) throw invalidIdentityToken('The SAML assertion Issuer is not the identity provider named by PrincipalArn.')
  if (assertion.nameId === '') throw invalidIdentityToken('The SAML assertion has an empty NameID.')
  // AWS: "exactly one SubjectConfirmation element with a SubjectConfirmationData element that
  // includes both the NotOnOrAfter attribute and a Recipient attribute" (Configure SAML assertions).
  if (assertion.subjectConfirmations.length !== 1) throw invalidIdentityToken('The SAML assertion must have exactly one SubjectConfirmation.')
  const confirmation = assertion.subjectConfirmations[0]!
  if (confirmation.method !== BEARER) throw invalidIdentityToken('The SAML assertion SubjectConfirmation must be bearer.')
  if (confirmation.recipient === undefined || !sp.recipients.includes(confirmation.recipient)) {
    throw invalidIdentityToken('The SAML assertion is for another Recipient.')
  }
  if (confirmation.notOnOrAfter === undefined) throw invalidIdentityToken('The SAML assertion SubjectConfirmationData has no NotOnOrAfter.')
  if (at - SAML_CLOCK_SKEW_MS >= confirmation.notOnOrAfter.getTime()) throw expired('The SAML assertion has expired (SubjectConfirmationData NotOnOrAfter).')
  if (confirmation.notBefore && at + SAML_CLOCK_SKEW_MS < confirmation.notBefore.getTime()) throw invalidIdentityToken('The SAML assertion is not valid yet (SubjectConfirmationData NotBefore).')
  if (assertion.notOnOrAfter && at - SAML_CLOCK_SKEW_MS >= assertion.notOnOrAfter.getTime()) throw expired('The SAML assertion has expired (Conditions NotOnOrAfter).')
  if (assertion.notBefore && at + SAML_CLOCK_SKEW_MS < assertion.notBefore.getTime()) throw invalidIdentityToken('The SAML assertion is not valid yet (Conditions NotBefore).')
  if (assertion.issueInstant.getTime() > at + SAML_CLOCK_SKEW_MS) throw invalidIdentityToken('The SAML assertion was issued in the future (IssueInstant).')
  if (at - SAML_CLOCK_SKEW_MS > assertion.issueInstant.getTime() + MAX_ASSERTION_AGE_MS) throw expired('Token must be redeemed within 5 minutes of issuance')
  // SAML Core 2.5.1.4: several AudienceRestrictions must each be satisfied.
  const { audienceRestrictions } = assertion
  if (audienceRestrictions.length === 0 || !audienceRestrictions.every((audiences) => audiences.some((audience) => sp.audiences.includes(audience)))) {
    throw invalidIdentityToken('The SAML assertion is not for this service (Audience).')
  }
  const ends = [confirmation.notOnOrAfter, assertion.notOnOrAfter].filter((date) => date !== undefined)
  return { ...assertion, recipient: confirmation.recipient, usableUntil: new Date(Math.max(...ends.map((date) => date.getTime())) + SAML_CLOCK_SKEW_MS) }
}

const expired = (message: string) => new ServiceError('ExpiredTokenException', message)
