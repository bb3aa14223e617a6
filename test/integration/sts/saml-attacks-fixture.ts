import { AssumeRoleWithSAMLCommand, STSClient, type AssumeRoleWithSAMLCommandOutput } from '@aws-sdk/client-sts'
import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { SignedXml } from 'xml-crypto'
import {
  AWS_SAML_ATTRIBUTE, generateSamlIdp, roleAttribute, roleSessionNameAttribute, SAML, samlIdpMetadata, samlResponseXml,
  type ResponseOptions, type SamlIdpKeys,
} from '../../support/saml-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// The world the SAML attack catalogue (reference/attacks.md section A) is played in: the real
// server with three SAML providers (Corp, Partner, Rollover with two signing certificates), roles
// trusting them, the unmodified SDK, a raw-HTTP caller to pin the wire <Code>, and the DOM surgery
// SAML Raider performs on signed responses. Shared by saml-attacks*.test.ts.

/** stsgate's ACS in tests (STSGATE_PUBLIC_URL defaults to http://localhost:8080): Recipient and Destination. */
export const ACS = 'http://localhost:8080/saml/acs'
export const SP_ENTITY_ID = 'http://localhost:8080/saml/metadata'
export const DSIG = 'http://www.w3.org/2000/09/xmldsig#'
export const providerArn = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
export const CORP = providerArn('Corp')
export const PARTNER = providerArn('Partner')
export const ROLLOVER = providerArn('Rollover')
export const VICTIM = 'victim@corp.com.attacker.com'

/** The messages stsgate answers with (src/identity/saml/*, src/identity/errors.ts). */
export const MSG = {
  doctype: 'The SAML response has a DOCTYPE, which this service refuses.',
  notBase64: 'The SAML response is not base64.',
  notXml: 'The SAML response is not XML.',
  malformed: 'The SAML response is not well-formed XML.',
  oneAssertion: 'The SAML response must carry exactly one assertion.',
  signature: 'The SAML response is not signed by the identity provider named by PrincipalArn.',
  decrypt: "The SAML assertion could not be decrypted with this service's key.",
  algorithm: (what: string, uri: string) => `The SAML response uses ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} this service does not accept (${uri}).`,
  issuer: 'The SAML assertion Issuer is not the identity provider named by PrincipalArn.',
  replay: 'The SAML assertion has already been used.',
  denied: 'Not authorized to perform sts:AssumeRoleWithSAML',
  expired: 'The SAML assertion has expired.',
  notYet: 'The SAML assertion is not valid yet.',
  tooOld: 'Token must be redeemed within 5 minutes of issuance',
  audience: 'The SAML assertion is not for this service (Audience).',
  recipient: 'The SAML assertion is for another Recipient.',
  destination: 'The SAML response is addressed to another Destination.',
  status: 'The identity provider reported that authentication failed (the SAML response Status is not Success).',
} as const

export interface Refusal { readonly code: string; readonly status: number | undefined; readonly message: string }

/** What the SDK made of a refused call: the exception name it raised, the HTTP status, the message. */
export async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(() => { throw new Error('expected the call to be refused, it succeeded') }, (caught: unknown) => caught)
  const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
  if (e.$metadata === undefined) throw error
  return { code: e.name, status: e.$metadata.httpStatusCode, message: e.message }
}

// The SDK names InvalidIdentityToken InvalidIdentityTokenException (the model's exception); the others keep the wire code.
export const invalid = (message: string): Refusal => ({ code: 'InvalidIdentityTokenException', status: 400, message })
export const expiredToken = (message: string): Refusal => ({ code: 'ExpiredTokenException', status: 400, message })
export const accessDenied: Refusal = { code: 'AccessDenied', status: 403, message: MSG.denied }

export const base64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64')
export const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000)

export interface SamlAttackWorld {
  readonly server: StsTestServer
  readonly sts: STSClient
  /** Provider Corp (A), Partner (B), Rollover (two keys, one entity id), and an attacker nobody registered. */
  readonly corp: SamlIdpKeys
  readonly partner: SamlIdpKeys
  readonly rollover: readonly [SamlIdpKeys, SamlIdpKeys]
  readonly attacker: SamlIdpKeys
  /** A response Corp signed, with the baseline (our ACS, Role (Developer, Corp), RoleSessionName alice) and `overrides`. */
  xml(overrides?: Partial<ResponseOptions>): Promise<string>
  /** AssumeRoleWithSAML through the SDK (base64 SAMLResponse; RoleArn Developer and PrincipalArn Corp unless given). */
  assume(samlAssertion: string, call?: { role?: string; provider?: string; durationSeconds?: number }): Promise<AssumeRoleWithSAMLCommandOutput>
  /** The same call as raw HTTP: the wire status, <Code> and <Message> (as sent: XML-escaped), and the body. */
  raw(samlAssertion: string, call?: { role?: string; provider?: string }): Promise<{ status: number; code: string | undefined; message: string | undefined; body: string }>
  close(): Promise<void>
}

/** Roles: Developer (trusts every provider), Admin (Corp, Partner: what the evil assertions ask for), Victim* (saml:sub conditions, S-13). */
export async function startSamlAttackWorld(): Promise<SamlAttackWorld> {
  const [corp, partner, rollover1, rollover2, attacker] = await Promise.all([
    generateSamlIdp('https://idp-a.example.com/saml'), generateSamlIdp('https://idp-b.example.com/saml'),
    generateSamlIdp('https://idp-r.example.com/saml'), generateSamlIdp('https://idp-r.example.com/saml'),
    generateSamlIdp('https://idp-a.example.com/saml'),
  ])
  const trust = (providers: string[], condition?: Record<string, string>) => ({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow', Principal: { Federated: providers }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
      ...(condition && { Condition: { StringEquals: condition } }),
    }],
  })
  const config = {
    accounts: [{
      id: ACCOUNT,
      samlProviders: [
        { name: 'Corp', metadata: samlIdpMetadata(corp) },
        { name: 'Partner', metadata: samlIdpMetadata(partner) },
        { name: 'Rollover', metadata: samlIdpMetadata(rollover1, [rollover2.certificatePem]) },
      ],
      roles: [
        { name: 'Developer', trustPolicy: trust([CORP, PARTNER, ROLLOVER]) },
        { name: 'Admin', trustPolicy: trust([CORP, PARTNER]) },
        { name: 'VictimFull', trustPolicy: trust([CORP], { 'saml:sub': VICTIM }) },
        { name: 'VictimTruncated', trustPolicy: trust([CORP], { 'saml:sub': 'victim@corp.com' }) },
      ],
    }],
  }
  const server = await startStsTestServer(JSON.stringify(config))
  const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 })
  const options = (overrides: Partial<ResponseOptions> = {}): ResponseOptions => ({
    idp: corp, destination: ACS, attributes: [roleAttribute(roleArn('Developer'), CORP), roleSessionNameAttribute('alice')], ...overrides,
  })
  return {
    server, sts, corp, partner, rollover: [rollover1, rollover2], attacker,
    xml: (overrides) => samlResponseXml(options(overrides)),
    assume: (samlAssertion, call = {}) => sts.send(new AssumeRoleWithSAMLCommand({
      RoleArn: roleArn(call.role ?? 'Developer'), PrincipalArn: call.provider ?? CORP, SAMLAssertion: samlAssertion,
      ...(call.durationSeconds !== undefined && { DurationSeconds: call.durationSeconds }),
    })),
    raw: async (samlAssertion, call = {}) => {
      const body = new URLSearchParams({
        Action: 'AssumeRoleWithSAML', Version: '2011-06-15', RoleArn: roleArn(call.role ?? 'Developer'), PrincipalArn: call.provider ?? CORP, SAMLAssertion: samlAssertion,
      })
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
      const text = await response.text()
      return { status: response.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1], body: text }
    },
    close: async () => {
      sts.destroy()
      await server.close()
    },
  }
}

// --- DOM surgery --------------------------------------------------------------------------------

export const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml')
export const serialize = (node: Node): string => new XMLSerializer().serializeToString(node)

/** Direct element children with this local name (any namespace). */
export function childElements(parent: Element, localName: string): Element[] {
  return Array.from(parent.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).localName === localName)
}
export const firstChild = (parent: Element, localName: string): Element => {
  const found = childElements(parent, localName)[0]
  if (!found) throw new Error(`no ${localName} under ${parent.localName}`)
  return found
}
export const firstDescendant = (root: Document | Element, localName: string): Element => {
  const found = root.getElementsByTagNameNS('*', localName).item(0)
  if (!found) throw new Error(`no ${localName}`)
  return found
}

/** What the attacker wants the service to read: NameID admin@corp.com and a Role pair naming Admin. */
export const EVIL_NAME_ID = 'admin@corp.com'
export function makeEvil(assertion: Element): void {
  firstDescendant(assertion, 'NameID').textContent = EVIL_NAME_ID
  for (const attribute of Array.from(assertion.getElementsByTagNameNS('*', 'Attribute'))) {
    if (attribute.getAttribute('Name') !== AWS_SAML_ATTRIBUTE.role) continue
    for (const value of childElements(attribute, 'AttributeValue')) value.textContent = `${roleArn('Admin')},${CORP}`
  }
}

/** Removes the Signature that is a direct child of `element` (the clone SAML Raider makes unsigned). */
export function removeOwnSignature(element: Element): void {
  for (const signature of childElements(element, 'Signature')) element.removeChild(signature)
}

/**
 * Signs the (first) Assertion of a Response XML in place exactly as the IdP does
 * (test/support/saml-idp.ts): for shapes the builder escapes away (nested markup in a value, two
 * SubjectConfirmations), built unsigned, edited, then signed by the IdP key.
 */
export function signAssertion(xml: string, key: SamlIdpKeys): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem, publicCert: key.certificatePem, signatureAlgorithm: SAML.rsaSha256, canonicalizationAlgorithm: SAML.excC14n, idAttribute: 'ID',
  })
  signer.addReference({ xpath: "//*[local-name(.)='Assertion']", transforms: [SAML.envelopedSignature, SAML.excC14n], digestAlgorithm: SAML.sha256 })
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } })
  return signer.getSignedXml()
}
