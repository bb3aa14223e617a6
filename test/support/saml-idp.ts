import { execFile } from 'node:child_process'
import { randomUUID, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { SignedXml } from 'xml-crypto'
import * as xmlenc from 'xml-encryption'

/**
 * A hand-rolled SAML 2.0 IdP for tests: Responses built from a template (every value escaped) and
 * signed with xml-crypto, so a test can ask for any shape the attack catalogue names (A: S-01..S-40)
 * — wrong audience, no Recipient, sha1, attacker key, unsigned, encrypted — and mutate the XML
 * further. The independent implementation (samlify) is in samlify-idp.ts.
 */

export interface SamlIdpKeys {
  readonly entityId: string
  readonly privateKeyPem: string
  readonly certificatePem: string
  /** The certificate's base64 DER, no armour or line breaks: what metadata and KeyInfo carry. */
  readonly certificateBase64: string
}

export const SAML = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  postBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirectBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha512: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  envelopedSignature: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaOaepMgf1p: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  rsa15: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5',
  aes128gcm: 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  aes256gcm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  aes256cbc: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
} as const

/** AWS's SAML attribute names (sts-wire.md §6.4). */
export const AWS_SAML_ATTRIBUTE = {
  role: 'https://aws.amazon.com/SAML/Attributes/Role',
  roleSessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
  sessionDuration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
  principalTag: (key: string) => `https://aws.amazon.com/SAML/Attributes/PrincipalTag:${key}`,
  transitiveTagKeys: 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys',
  sourceIdentity: 'https://aws.amazon.com/SAML/Attributes/SourceIdentity',
} as const

/** One Attribute: its Name and its AttributeValues, in order. */
export type SamlAttribute = readonly [name: string, values: readonly string[]]

export const roleAttribute = (roleArn: string, providerArn: string, ...more: ReadonlyArray<readonly [string, string]>): SamlAttribute =>
  [AWS_SAML_ATTRIBUTE.role, [[roleArn, providerArn] as const, ...more].map(([role, provider]) => `${role},${provider}`)]
export const roleSessionNameAttribute = (name: string): SamlAttribute => [AWS_SAML_ATTRIBUTE.roleSessionName, [name]]
export const sessionDurationAttribute = (seconds: number | string): SamlAttribute => [AWS_SAML_ATTRIBUTE.sessionDuration, [String(seconds)]]
export const principalTagAttribute = (key: string, value: string): SamlAttribute => [AWS_SAML_ATTRIBUTE.principalTag(key), [value]]
export const transitiveTagKeysAttribute = (...keys: string[]): SamlAttribute => [AWS_SAML_ATTRIBUTE.transitiveTagKeys, keys]
export const sourceIdentityAttribute = (value: string): SamlAttribute => [AWS_SAML_ATTRIBUTE.sourceIdentity, [value]]

const run = promisify(execFile)

/** An IdP identity: a fresh RSA-2048 key and a self-signed sha256 certificate (10 years), made by the openssl CLI. */
export async function generateSamlIdp(entityId: string): Promise<SamlIdpKeys> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stsgate-saml-idp-'))
  try {
    const [keyFile, certFile] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')]
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
      '-subj', '/CN=stsgate test SAML IdP', '-keyout', keyFile, '-out', certFile])
    const [privateKeyPem, certificatePem] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')])
    return { entityId, privateKeyPem, certificatePem, certificateBase64: certificateBase64(certificatePem) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Base64 DER of a certificate given as PEM or as base64 (validated by parsing it). */
export function certificateBase64(certificate: string): string {
  const base64 = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
  new X509Certificate(Buffer.from(base64, 'base64'))
  return base64
}

/**
 * IdP metadata as CreateSAMLProvider / apply take it: EntityDescriptor > IDPSSODescriptor with a
 * KeyDescriptor use="signing" per certificate (the IdP's first, then `extraCertificates` — PEM or
 * base64 — for rollover) and SingleSignOnService. Padded with an Organization to IAM's
 * 1000-character minimum when shorter.
 */
export function samlIdpMetadata(idp: SamlIdpKeys, extraCertificates: readonly string[] = []): string {
  const keys = [idp.certificateBase64, ...extraCertificates.map(certificateBase64)].map((cert) =>
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
  const sso = `${idp.entityId.replace(/\/$/, '')}/sso`
  const descriptor = `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${SAML.protocol}">${keys.join('')}` +
    `<md:NameIDFormat>${SAML.persistent}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="${SAML.redirectBinding}" Location="${esc(sso)}"/>` +
    `<md:SingleSignOnService Binding="${SAML.postBinding}" Location="${esc(sso)}"/></md:IDPSSODescriptor>`
  const open = `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="${SAML.metadata}" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${esc(idp.entityId)}">`
  const close = '</md:EntityDescriptor>'
  const plain = open + descriptor + close
  if (plain.length >= 1000) return plain
  const name = 'stsgate test identity provider'.padEnd(1000 - plain.length, '.')
  const organization = `<md:Organization><md:OrganizationName xml:lang="en">${name}</md:OrganizationName>` +
    `<md:OrganizationDisplayName xml:lang="en">stsgate tests</md:OrganizationDisplayName><md:OrganizationURL xml:lang="en">https://example.com/</md:OrganizationURL></md:Organization>`
  return open + descriptor + organization + close
}

export interface ResponseOptions {
  readonly idp: SamlIdpKeys
  /** Assertion Issuer (default idp.entityId). */
  readonly issuer?: string
  /** Response Issuer (default: the assertion's issuer). */
  readonly responseIssuer?: string
  /** Response@Destination (default https://signin.aws.amazon.com/saml; null: absent). */
  readonly destination?: string | null
  /** SubjectConfirmationData@Recipient (default: the destination, else AWS's; null: absent). */
  readonly recipient?: string | null
  /** One inner list per AudienceRestriction (default [['urn:amazon:webservices']]); []: none. */
  readonly audiences?: readonly (readonly string[])[]
  readonly nameId?: string
  /** NameID@Format (default persistent; null: absent). */
  readonly nameIdFormat?: string | null
  /** SubjectConfirmation@Method (default bearer; null: no SubjectConfirmation at all). */
  readonly method?: string | null
  /** Base time of the defaults below (default now). */
  readonly now?: Date
  /** Response and Assertion IssueInstant, AuthnInstant (default now). */
  readonly issueInstant?: Date
  /** Conditions@NotBefore (default now; null: absent). */
  readonly notBefore?: Date | null
  /** Conditions@NotOnOrAfter (default now + 5 min; null: absent). */
  readonly notOnOrAfter?: Date | null
  /** SubjectConfirmationData@NotOnOrAfter (default now + 5 min; null: absent). */
  readonly subjectNotOnOrAfter?: Date | null
  /** AuthnStatement@SessionNotOnOrAfter (default absent). */
  readonly sessionNotOnOrAfter?: Date | null
  readonly assertionId?: string
  readonly responseId?: string
  /** StatusCode@Value (default Success). */
  readonly status?: string
  /** In order; duplicates allowed (S-36). */
  readonly attributes?: readonly SamlAttribute[]
  /** What is signed (default 'assertion'); with 'both' the assertion is signed first. */
  readonly sign?: 'assertion' | 'response' | 'both' | 'none'
  /** Default rsa-sha256 / sha256. */
  readonly signatureAlgorithm?: string
  readonly digestAlgorithm?: string
  /** Signs with this key instead of idp's, its certificate in KeyInfo (S-17 attacker). */
  readonly signingKey?: SamlIdpKeys
  /** Replaces the Assertion with an EncryptedAssertion (default rsa-oaep-mgf1p + aes256-gcm). */
  readonly encrypt?: {
    readonly certificatePem: string
    readonly keyAlgorithm?: string
    readonly dataAlgorithm?: string
    /** Default true; false encrypts the Assertion unsigned even when `sign` names it (S-38). */
    readonly signBeforeEncrypt?: boolean
  }
}

const MINUTES_5 = 5 * 60_000
const DEFAULT_DESTINATION = 'https://signin.aws.amazon.com/saml'

/** The Response XML (signed, encrypted as asked); tests may mutate it further (XSW constructions). */
export async function samlResponseXml(options: ResponseOptions): Promise<string> {
  const now = options.now ?? new Date()
  const at = (date: Date | null | undefined, fallback: Date | null): string | undefined =>
    (date === undefined ? fallback : date)?.toISOString()
  const issueInstant = at(options.issueInstant, now)!
  const issuer = options.issuer ?? options.idp.entityId
  const destination = options.destination === undefined ? DEFAULT_DESTINATION : options.destination
  const recipient = options.recipient === undefined ? destination ?? DEFAULT_DESTINATION : options.recipient
  const later = new Date(now.getTime() + MINUTES_5)
  const key = options.signingKey ?? options.idp
  const sign = options.sign ?? 'assertion'
  const algorithms = { signature: options.signatureAlgorithm ?? SAML.rsaSha256, digest: options.digestAlgorithm ?? SAML.sha256 }

  const format = options.nameIdFormat === undefined ? SAML.persistent : options.nameIdFormat
  const method = options.method === undefined ? SAML.bearer : options.method
  const confirmation = method === null ? '' : `<saml:SubjectConfirmation Method="${esc(method)}"><saml:SubjectConfirmationData` +
    `${attr('NotOnOrAfter', at(options.subjectNotOnOrAfter, later))}${attr('Recipient', recipient ?? undefined)}/></saml:SubjectConfirmation>`
  const subject = `<saml:Subject><saml:NameID${attr('Format', format ?? undefined)}>${esc(options.nameId ?? 'alice@example.com')}</saml:NameID>${confirmation}</saml:Subject>`

  const notBefore = at(options.notBefore, now)
  const notOnOrAfter = at(options.notOnOrAfter, later)
  const audiences = (options.audiences ?? [['urn:amazon:webservices']]).map((list) =>
    `<saml:AudienceRestriction>${list.map((audience) => `<saml:Audience>${esc(audience)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`).join('')
  const conditions = notBefore || notOnOrAfter || audiences
    ? `<saml:Conditions${attr('NotBefore', notBefore)}${attr('NotOnOrAfter', notOnOrAfter)}>${audiences}</saml:Conditions>` : ''
  const authn = `<saml:AuthnStatement AuthnInstant="${issueInstant}" SessionIndex="_${randomUUID()}"${attr('SessionNotOnOrAfter', at(options.sessionNotOnOrAfter, null))}>` +
    '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
  const attributes = options.attributes?.length ? `<saml:AttributeStatement>${options.attributes.map(([name, values]) =>
    `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${values.map((value) =>
      `<saml:AttributeValue xsi:type="xs:string">${esc(value)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('')}</saml:AttributeStatement>` : ''

  // The Assertion declares its own namespaces so it stays self-contained when signed alone
  // (exclusive c14n) and when encrypted and decrypted out of the Response.
  let assertion = `<saml:Assertion xmlns:saml="${SAML.assertion}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` ID="${esc(options.assertionId ?? newId())}" Version="2.0" IssueInstant="${issueInstant}"><saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `${subject}${conditions}${authn}${attributes}</saml:Assertion>`
  const signAssertion = (sign === 'assertion' || sign === 'both') && options.encrypt?.signBeforeEncrypt !== false
  if (signAssertion) assertion = signRoot(assertion, key, algorithms)
  if (options.encrypt) assertion = `<saml:EncryptedAssertion>${await encrypt(assertion, options.encrypt)}</saml:EncryptedAssertion>`

  const response = `<samlp:Response xmlns:samlp="${SAML.protocol}" xmlns:saml="${SAML.assertion}" ID="${esc(options.responseId ?? newId())}"` +
    ` Version="2.0" IssueInstant="${issueInstant}"${attr('Destination', destination ?? undefined)}>` +
    `<saml:Issuer>${esc(options.responseIssuer ?? issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${esc(options.status ?? SAML.success)}"/></samlp:Status>${assertion}</samlp:Response>`
  return sign === 'response' || sign === 'both' ? signRoot(response, key, algorithms) : response
}

/** base64 of samlResponseXml: what AssumeRoleWithSAML's SAMLAssertion takes. */
export async function samlResponse(options: ResponseOptions): Promise<string> {
  return Buffer.from(await samlResponseXml(options), 'utf8').toString('base64')
}

/**
 * Signs the root element of `xml` as SAML requires (saml-core §5.4): exclusive c14n, the
 * enveloped-signature transform, one Reference to the root's ID, the Signature right after its
 * Issuer, the signer's certificate in KeyInfo.
 */
function signRoot(xml: string, key: SamlIdpKeys, algorithms: { signature: string; digest: string }): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: algorithms.signature,
    canonicalizationAlgorithm: SAML.excC14n,
    idAttribute: 'ID',
  })
  signer.addReference({ xpath: '/*', transforms: [SAML.envelopedSignature, SAML.excC14n], digestAlgorithm: algorithms.digest })
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: "/*/*[local-name(.)='Issuer']", action: 'after' } })
  return signer.getSignedXml()
}

/** xml-encryption's EncryptedData for `xml`; insecure algorithms allowed on purpose (S-38 builds them). */
async function encrypt(xml: string, to: NonNullable<ResponseOptions['encrypt']>): Promise<string> {
  const options: xmlenc.EncryptOptions = {
    rsa_pub: new X509Certificate(to.certificatePem).publicKey.export({ type: 'spki', format: 'pem' }),
    pem: to.certificatePem,
    // Any URI goes through: xml-encryption itself refuses the ones it does not know.
    keyEncryptionAlgorithm: (to.keyAlgorithm ?? SAML.rsaOaepMgf1p) as xmlenc.KeyEncryptionAlgorithm,
    encryptionAlgorithm: (to.dataAlgorithm ?? SAML.aes256gcm) as xmlenc.EncryptionAlgorithm,
    disallowEncryptionWithInsecureAlgorithm: false,
    warnInsecureAlgorithm: false,
  }
  const encrypted = await new Promise<string>((resolve, reject) =>
    xmlenc.encrypt(xml, options, (error, result) => (error || !result ? reject(error ?? new Error('xml-encryption returned nothing')) : resolve(result))))
  return encrypted.trim()
}

const newId = () => `_${randomUUID().replaceAll('-', '')}`
const attr = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${esc(value)}"`)
function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
}
