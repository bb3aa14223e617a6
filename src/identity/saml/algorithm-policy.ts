import { invalidIdentityToken } from '../errors.ts'
import { attribute, children, descendants, NS } from './saml-xml.ts'

const DSIG_MORE = 'http://www.w3.org/2001/04/xmldsig-more#'
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#'

/** Signature algorithms: RSA and ECDSA with SHA-2; never SHA-1, never an HMAC keyed by who knows whom. */
const SIGNATURE_METHODS = new Set(['rsa-sha256', 'rsa-sha384', 'rsa-sha512', 'ecdsa-sha256', 'ecdsa-sha384', 'ecdsa-sha512'].map((name) => DSIG_MORE + name))
const DIGEST_METHODS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', `${DSIG_MORE}sha384`, 'http://www.w3.org/2001/04/xmlenc#sha512'])
/** Exclusive canonicalisation without comments: a comment-keeping c14n is how NameID truncation attacks start. */
const CANONICALIZATIONS = new Set([EXC_C14N])
const TRANSFORMS = new Set(['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N])
/** Content encryption: AES-GCM only (CBC is malleable: padding-oracle attacks on XML encryption). */
const DATA_ENCRYPTION = new Set(['http://www.w3.org/2009/xmlenc11#aes128-gcm', 'http://www.w3.org/2009/xmlenc11#aes256-gcm'])
/** Key transport: RSA-OAEP only (RSA 1.5 is Bleichenbacher's). */
const KEY_TRANSPORT = new Set(['http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p'])

/**
 * Refuses a SAML response whose signatures or encryption use anything outside stsgate's
 * allow-list, before any cryptography runs: each Signature has one SignedInfo with exclusive
 * c14n, an RSA/ECDSA SHA-2 method and exactly one Reference with at most the enveloped-signature
 * and exclusive-c14n transforms and a SHA-2 digest; each EncryptedData uses AES-GCM and each
 * EncryptedKey RSA-OAEP. Throws InvalidIdentityToken naming the algorithm.
 */
export function checkAlgorithms(root: Element): void {
  for (const signature of descendants(root, NS.dsig, 'Signature')) {
    const signedInfos = children(signature, NS.dsig, 'SignedInfo')
    if (signedInfos.length !== 1) throw invalidIdentityToken('A SAML signature must have exactly one SignedInfo.')
    const signedInfo = signedInfos[0]!
    requireOne(signedInfo, NS.dsig, 'CanonicalizationMethod', CANONICALIZATIONS, 'canonicalization')
    requireOne(signedInfo, NS.dsig, 'SignatureMethod', SIGNATURE_METHODS, 'signature algorithm')
    const references = children(signedInfo, NS.dsig, 'Reference')
    if (references.length !== 1) throw invalidIdentityToken('A SAML signature must sign exactly one element (one Reference).')
    const reference = references[0]!
    requireOne(reference, NS.dsig, 'DigestMethod', DIGEST_METHODS, 'digest algorithm')
    const transforms = children(reference, NS.dsig, 'Transforms').flatMap((list) => children(list, NS.dsig, 'Transform'))
    if (transforms.length > 2) throw invalidIdentityToken('A SAML signature may apply at most two transforms.')
    for (const transform of transforms) allowed(attribute(transform, 'Algorithm'), TRANSFORMS, 'transform')
  }
  for (const encrypted of descendants(root, NS.xenc, 'EncryptedData')) requireOne(encrypted, NS.xenc, 'EncryptionMethod', DATA_ENCRYPTION, 'encryption algorithm')
  for (const key of descendants(root, NS.xenc, 'EncryptedKey')) requireOne(key, NS.xenc, 'EncryptionMethod', KEY_TRANSPORT, 'key transport algorithm')
}

function requireOne(parent: Element, namespace: string, localName: string, accepted: ReadonlySet<string>, what: string): void {
  const found = children(parent, namespace, localName)
  if (found.length !== 1) throw invalidIdentityToken(`The SAML response must name exactly one ${what}.`)
  allowed(attribute(found[0]!, 'Algorithm'), accepted, what)
}

function allowed(algorithm: string | undefined, accepted: ReadonlySet<string>, what: string): void {
  if (algorithm === undefined || !accepted.has(algorithm)) {
    const article = /^[aeiou]/.test(what) ? 'an' : 'a'
    throw invalidIdentityToken(`The SAML response uses ${article} ${what} this service does not accept${algorithm === undefined ? '' : ` (${algorithm.slice(0, 100)})`}.`)
  }
}
