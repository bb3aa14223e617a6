import { X509Certificate } from 'node:crypto'
import { DOMParser } from '@xmldom/xmldom'

/** What stsgate keeps from an identity provider's SAML metadata. */
export interface SamlMetadataSummary {
  readonly entityId: string
  /** Base64 DER, whitespace removed, in document order, without repeats. */
  readonly signingCertificates: readonly string[]
  /** The metadata's own `validUntil`; undefined when it has none. */
  readonly validUntil: Date | undefined
}

/** AWS's CreateSAMLProvider limit on SAMLMetadataDocument. */
const MAX_METADATA_LENGTH = 10_000_000

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata'
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#'

/**
 * Extracts the entity id, signing certificates and validity from SAML 2.0 metadata (SAML
 * Metadata §2.3.1 EntityDescriptor, §2.4.3 IDPSSODescriptor, §2.4.1.1 KeyDescriptor: a descriptor
 * without `use` serves signing too). A light extraction: DOCTYPEs are refused (no entity
 * expansion, no XXE), each certificate must parse as X.509, but the metadata's own signature and
 * schema are not checked yet. Returns a problem description instead of throwing.
 */
export function summariseSamlMetadata(xml: string): SamlMetadataSummary | { readonly problem: string } {
  if (xml.length > MAX_METADATA_LENGTH) return { problem: `is longer than ${MAX_METADATA_LENGTH} characters` }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { problem: 'is not well-formed XML: a DOCTYPE or entity declaration is not allowed' }
  const parsed = parseXml(xml)
  if ('problem' in parsed) return parsed
  const root = parsed.root
  if (root.localName !== 'EntityDescriptor') {
    return { problem: `expected an EntityDescriptor root element, found ${root.localName}` }
  }
  if (root.namespaceURI !== METADATA_NS) return { problem: `the EntityDescriptor is not in the ${METADATA_NS} namespace` }
  const entityId = root.getAttribute('entityID')?.trim()
  if (!entityId) return { problem: 'the EntityDescriptor has no entityID' }
  const validUntilText = root.hasAttribute('validUntil') ? root.getAttribute('validUntil')! : undefined
  const validUntil = validUntilText === undefined ? undefined : new Date(validUntilText)
  if (validUntil && Number.isNaN(validUntil.getTime())) return { problem: 'validUntil is not a date-time' }

  const idp = childElements(root).find((child) => child.namespaceURI === METADATA_NS && child.localName === 'IDPSSODescriptor')
  if (!idp) return { problem: "has no IDPSSODescriptor (is this an identity provider's metadata?)" }
  const certificates: string[] = []
  for (const keyDescriptor of childElements(idp).filter((child) => child.namespaceURI === METADATA_NS && child.localName === 'KeyDescriptor')) {
    const use = keyDescriptor.hasAttribute('use') ? keyDescriptor.getAttribute('use') : undefined
    if (use !== undefined && use !== 'signing') continue
    for (const element of Array.from(keyDescriptor.getElementsByTagNameNS(DSIG_NS, 'X509Certificate')) as Element[]) {
      const base64 = (element.textContent ?? '').replace(/\s+/g, '')
      if (!isCertificate(base64)) return { problem: 'a signing X509Certificate is not a base64 DER X.509 certificate' }
      if (!certificates.includes(base64)) certificates.push(base64)
    }
  }
  if (certificates.length === 0) return { problem: 'the IDPSSODescriptor has no signing certificate' }
  return { entityId, signingCertificates: certificates, validUntil }
}

// xmldom reports malformed input through its handler instead of throwing: any report refuses.
function parseXml(xml: string): { readonly root: Element } | { readonly problem: string } {
  let report: string | undefined
  const record = (message: string) => { report ??= message.replace(/^\[xmldom \w+\]\s*/, '').split('\n')[0] }
  const document = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } })
    .parseFromString(xml, 'text/xml')
  if (report !== undefined || !document?.documentElement) {
    return { problem: `is not well-formed XML${report ? `: ${report}` : ''}` }
  }
  return { root: document.documentElement }
}

const childElements = (element: Element): Element[] =>
  (Array.from(element.childNodes) as Node[]).filter((node): node is Element => node.nodeType === 1)

function isCertificate(base64: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return false
  try {
    new X509Certificate(Buffer.from(base64, 'base64'))
    return true
  } catch {
    return false
  }
}
