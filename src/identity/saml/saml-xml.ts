import { DOMParser } from '@xmldom/xmldom'
import { invalidIdentityToken } from '../errors.ts'

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const ELEMENT_NODE = 1

/**
 * The XML of a base64 SAML Response as the HTTP POST binding carries it: standard base64 (line
 * breaks allowed, nothing else), decoding to XML. A DOCTYPE of any kind, or an entity declaration,
 * is refused before any parser sees the text (parser differentials: CVE-2025-25291/25292), as is
 * anything that is not one well-formed document. Throws InvalidIdentityToken.
 */
export function decodeSamlResponse(base64: string): string {
  const compact = base64.replace(/[\r\n\t ]/g, '')
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw invalidIdentityToken('The SAML response is not base64.')
  const xml = Buffer.from(compact, 'base64').toString('utf8')
  if (!/^(\uFEFF)?\s*</.test(xml)) throw invalidIdentityToken('The SAML response is not XML.')
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalidIdentityToken('The SAML response has a DOCTYPE, which this service refuses.')
  return xml
}

// Far deeper than any SAML message (a Response's deepest element, an encrypted key's CipherValue,
// is about ten levels down); deep nesting costs the signature library seconds (S-35).
const MAX_DEPTH = 64
const TEXT_NODE = 3
const CDATA_NODE = 4

/**
 * Parses XML strictly: anything xmldom reports is fatal, and so is what it lets pass silently,
 * text before or after the root element (S-39), as well as nesting deeper than 64 elements.
 */
export function parseXml(xml: string): Document {
  const fail = (): never => { throw invalidIdentityToken('The SAML response is not well-formed XML.') }
  if (!startsWithRoot(xml)) fail()
  const document = new DOMParser({ locator: {}, errorHandler: { warning: () => undefined, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml')
  if (!document?.documentElement) fail()
  for (let node = document.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === CDATA_NODE || (node.nodeType === TEXT_NODE && (node.nodeValue ?? '').trim() !== '')) fail()
  }
  if (depthOf(document.documentElement!) > MAX_DEPTH) throw invalidIdentityToken('The SAML response nests elements too deeply.')
  return document
}

/** Only a BOM, whitespace, the XML declaration, processing instructions and comments may come before the root (a linear scan). */
function startsWithRoot(xml: string): boolean {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++
    const [open, close] = xml.startsWith('<?', i) ? ['<?', '?>'] : xml.startsWith('<!--', i) ? ['<!--', '-->'] : [undefined, undefined]
    if (open === undefined) return xml[i] === '<' && /[A-Za-z_]/.test(xml[i + 1] ?? '')
    const end = xml.indexOf(close!, i + open.length)
    if (end < 0) return false
    i = end + close!.length
  }
}

/** The depth of the element tree, walked without recursion. */
function depthOf(root: Element): number {
  let deepest = 0
  const pending: Array<[Element, number]> = [[root, 1]]
  while (pending.length > 0) {
    const [element, depth] = pending.pop()!
    if (depth > deepest) deepest = depth
    if (deepest > MAX_DEPTH) return deepest
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) pending.push([child as Element, depth + 1])
    }
  }
  return deepest
}

/** The element children of `parent` with this namespace and local name, in order (never descendants). */
export function children(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = []
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === namespace && (node as Element).localName === localName) found.push(node as Element)
  }
  return found
}

/** The one child of that name, or undefined when there is none; two are refused. */
export function onlyChild(parent: Element, namespace: string, localName: string): Element | undefined {
  const found = children(parent, namespace, localName)
  if (found.length > 1) throw invalidIdentityToken(`The SAML assertion has more than one ${localName}.`)
  return found[0]
}

/** Every descendant of `root` with this namespace and local name, in document order. */
export function descendants(root: Element, namespace: string, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(namespace, localName))
}

/** An optional attribute's value (undefined when absent). */
export function attribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? element.getAttribute(name)! : undefined
}
