import { X509Certificate } from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { deflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { roleAttribute, roleSessionNameAttribute, SAML } from '../../support/saml-idp.ts'
import { base64, CORP, invalid, MSG, refusal, roleArn, signAssertion, startSamlAttackWorld, type SamlAttackWorld } from './saml-attacks-fixture.ts'

// Attack catalogue A (reference/attacks.md), the XML family: algorithms (S-32, S-33), DOCTYPE
// (S-34), size and depth (S-35), encryption (S-38), document shape (S-39) and encoding (S-40),
// through the real server and the unmodified SDK. Signature wrapping and forged signatures
// (S-01..S-17) are in saml-attacks.test.ts.

const HMAC_SHA1 = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'
const INCLUSIVE_C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'

/** A server that records every request: what an external DTD or entity would be fetched from. */
async function listeningDtdServer() {
  const hits: string[] = []
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '/')
    res.writeHead(200, { 'content-type': 'application/xml-dtd' }).end('<!ENTITY leaked "leaked">')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => { server.closeAllConnections(); server.close() } }
}

describe(`AssumeRoleWithSAML against hostile XML, algorithms, sizes and encodings (attack catalogue A, S-32..S-40) on ${backend}`, () => {
  let w: SamlAttackWorld
  let dtd: Awaited<ReturnType<typeof listeningDtdServer>>
  /** stsgate's SP encryption certificate, as an IdP reads it from GET /saml/metadata. */
  let spCertificate: string

  beforeAll(async () => {
    ;[w, dtd] = await Promise.all([startSamlAttackWorld(), listeningDtdServer()])
    const metadata = await (await fetch(`${w.server.url}/saml/metadata`)).text()
    const base64Der = /KeyDescriptor use="encryption">[\s\S]*?<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(metadata)![1]!
    spCertificate = new X509Certificate(Buffer.from(base64Der.replace(/\s+/g, ''), 'base64')).toString()
  })
  afterAll(async () => {
    dtd?.close()
    await w?.close()
  })

  const refused = async (xml: string) => refusal(w.assume(base64(xml)))
  const accepted = async (samlAssertion: string) => expect(await w.assume(samlAssertion)).toMatchObject({ Subject: 'alice@example.com' })

  describe('algorithm allow-list (S-32, S-33), checked on the raw document before any cryptography', () => {
    it.each([
      ['S-32: refuses an rsa-sha1 signature with a sha1 digest (the IdP really signed it)', { signatureAlgorithm: SAML.rsaSha1, digestAlgorithm: SAML.sha1 }, MSG.algorithm('signature algorithm', SAML.rsaSha1)],
      ['S-32: refuses an rsa-sha256 signature over a sha1 digest', { digestAlgorithm: SAML.sha1 }, MSG.algorithm('digest algorithm', SAML.sha1)],
      ['S-32: refuses rsa-sha1 on the Response signature too (sign: both)', { sign: 'both' as const, signatureAlgorithm: SAML.rsaSha1, digestAlgorithm: SAML.sha1 }, MSG.algorithm('signature algorithm', SAML.rsaSha1)],
    ])('%s', async (_name, options, message) => {
      expect(await refused(await w.xml(options))).toEqual(invalid(message))
    })

    const edits: Array<[string, (xml: string) => string, string]> = [
      ['S-32: refuses exclusive c14n #WithComments (the truncation attacks\' canonicalisation)',
        (xml) => xml.replace(`<ds:CanonicalizationMethod Algorithm="${SAML.excC14n}"/>`, `<ds:CanonicalizationMethod Algorithm="${SAML.excC14n}WithComments"/>`),
        MSG.algorithm('canonicalization', `${SAML.excC14n}WithComments`)],
      ['S-32: refuses an hmac-sha1 SignatureMethod (keyed by who knows whom)',
        (xml) => xml.replace(`<ds:SignatureMethod Algorithm="${SAML.rsaSha256}"/>`, `<ds:SignatureMethod Algorithm="${HMAC_SHA1}"/>`),
        MSG.algorithm('signature algorithm', HMAC_SHA1)],
      ['S-33: refuses more than two Transforms',
        (xml) => xml.replace('</ds:Transforms>', `<ds:Transform Algorithm="${SAML.excC14n}"/></ds:Transforms>`),
        'A SAML signature may apply at most two transforms.'],
      ['S-33: refuses a transform off the list (inclusive c14n)',
        (xml) => xml.replace(`<ds:Transform Algorithm="${SAML.excC14n}"/>`, `<ds:Transform Algorithm="${INCLUSIVE_C14N}"/>`),
        MSG.algorithm('transform', INCLUSIVE_C14N)],
      ['S-33: refuses two References in one SignedInfo',
        (xml) => xml.replace(/(<ds:Reference [\s\S]*?<\/ds:Reference>)/, '$1$1'),
        'A SAML signature must sign exactly one element (one Reference).'],
      ['S-33: refuses two SignedInfo elements in one Signature',
        (xml) => xml.replace(/(<ds:SignedInfo>[\s\S]*?<\/ds:SignedInfo>)/, '$1$1'),
        'A SAML signature must have exactly one SignedInfo.'],
      ['S-33: refuses Reference URI="" (the whole document instead of the Assertion)',
        (xml) => xml.replace(/<ds:Reference URI="#[^"]+"/, '<ds:Reference URI=""'),
        MSG.signature],
    ]
    it.each(edits)('%s', async (_name, edit, message) => {
      const genuine = await w.xml()
      const xml = edit(genuine)
      expect(xml).not.toBe(genuine)
      expect(await refused(xml)).toEqual(invalid(message))
    })

    it('S-32: the wire carries <Code>InvalidIdentityToken</Code> with HTTP 400 for an algorithm refusal', async () => {
      const wire = await w.raw(base64(await w.xml({ signatureAlgorithm: SAML.rsaSha1, digestAlgorithm: SAML.sha1 })))
      expect(wire).toMatchObject({ status: 400, code: 'InvalidIdentityToken', message: MSG.algorithm('signature algorithm', SAML.rsaSha1) })
    })
  })

  describe('DOCTYPE of any kind (S-34): refused before parsing, nothing read, nothing fetched', () => {
    const declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    const withNameId = (xml: string, nameId: string) => xml.replace('>alice@example.com<', `>${nameId}<`)
    const variants: Array<[string, (xml: string) => string]> = [
      ['billion laughs (nested internal entities, used in the NameID)', (xml) => `${declaration}<!DOCTYPE lolz [<!ENTITY lol "lol">` +
        `<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>${withNameId(xml, '&lol3;')}`],
      ['an external SYSTEM entity file:///etc/passwd', (xml) => `${declaration}<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${withNameId(xml, '&xxe;')}`],
      ['an external SYSTEM entity on a listening server', (xml) => `<!DOCTYPE r [<!ENTITY xxe SYSTEM "${dtd.url}/entity">]>${withNameId(xml, '&xxe;')}`],
      ['an external DTD subset on a listening server', (xml) => `<!DOCTYPE samlp:Response SYSTEM "${dtd.url}/evil.dtd">${withNameId(xml, '&leaked;')}`],
      ['parameter entities fetching a DTD', (xml) => `<!DOCTYPE r [<!ENTITY % remote SYSTEM "${dtd.url}/evil.dtd"> %remote;]>${xml}`],
      ['an ATTLIST redefining the Assertion\'s xmlns', (xml) => `<!DOCTYPE samlp:Response [<!ATTLIST saml:Assertion xmlns:saml CDATA #FIXED "urn:evil">]>${xml}`],
      ['a DOCTYPE present but unused', (xml) => `${declaration}<!DOCTYPE samlp:Response>${xml}`],
      ['a DOCTYPE after a leading comment, in lower case', (xml) => `<!-- hi --><!doctype samlp:Response>${xml}`],
      ['an ENTITY declaration without a DOCTYPE', (xml) => xml.replace('<samlp:Status>', '<samlp:Status><!ENTITY x "y">')],
    ]
    it.each(variants)('S-34: refuses %s', async (_name, attack) => {
      const answer = await refused(attack(await w.xml()))
      expect(answer).toEqual(invalid(MSG.doctype))
      expect(answer.message).not.toMatch(/root:|leaked/)
      expect(dtd.hits).toEqual([])
    })

    it('S-34: no outbound request reached the listening server after every variant (and the server answers when asked directly)', async () => {
      expect(dtd.hits).toEqual([])
      expect((await fetch(`${dtd.url}/probe`)).status).toBe(200)
      expect(dtd.hits).toEqual(['/probe'])
      dtd.hits.length = 0
    })

    it('S-34: a UTF-16 document (where a UTF-8 scan for <!DOCTYPE would miss it) is not XML to stsgate', async () => {
      const xml = `<!DOCTYPE r [<!ENTITY xxe SYSTEM "${dtd.url}/utf16">]>${withNameId(await w.xml(), '&xxe;')}`
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]).toString('base64')
      expect(await refusal(w.assume(utf16))).toEqual(invalid(MSG.notXml))
      expect(dtd.hits).toEqual([])
    })
  })

  describe('size and depth (S-35)', () => {
    it('S-35: refuses a 100,001-character SAMLAssertion with ValidationError, without echoing the value', async () => {
      const value = `PHNhbWxwOlJlc3BvbnNl${'Q'.repeat(100_001 - 20)}`
      const message = "1 validation error detected: Value at 'sAMLAssertion' failed to satisfy constraint: Member must have length less than or equal to 100000"
      expect(await refusal(w.assume(value))).toEqual({ code: 'ValidationError', status: 400, message })
      const wire = await w.raw(value)
      expect(wire).toMatchObject({ status: 400, code: 'ValidationError', message: message.replaceAll("'", '&apos;') })
      expect(wire.body).not.toContain('QQQQQQQQ')
      expect(wire.body).not.toContain('PHNhbWxwOlJlc3BvbnNl')
    })

    it('S-35: answers a 10 MB body with 413 RequestEntityTooLarge (never 5xx), through raw HTTP and the SDK', async () => {
      const body = `Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=${roleArn('Developer')}&PrincipalArn=${CORP}&SAMLAssertion=${'Q'.repeat(10 * 1024 * 1024)}`
      const response = await fetch(w.server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
      const text = await response.text()
      expect({ status: response.status, code: /<Code>([^<]*)</.exec(text)?.[1], message: /<Message>([^<]*)</.exec(text)?.[1] })
        .toEqual({ status: 413, code: 'RequestEntityTooLarge', message: 'Request body is too large.' })
      expect(await refusal(w.assume('Q'.repeat(10 * 1024 * 1024)))).toEqual({ code: 'RequestEntityTooLarge', status: 413, message: 'Request body is too large.' })
    })

    it('S-35: 10,000-deep nesting in an attribute value (within the size limit) is refused before the signature library walks it; the server stays healthy', async () => {
      // The IdP cannot sign this (xml-crypto's recursive canonicalisation overflows the stack), so
      // the nesting goes into a response Corp signed, after signing.
      const signed = await w.xml({ attributes: [roleAttribute(roleArn('Developer'), CORP), roleSessionNameAttribute('alice'), ['urn:deep', ['DEEP']]] })
      const depth = 10_000
      const deep = base64(signed.replace('>DEEP<', `>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}<`))
      expect(deep.length).toBeLessThanOrEqual(100_000)
      expect(await refusal(w.assume(deep))).toEqual(invalid('The SAML response nests elements too deeply.'))
      await accepted(base64(await w.xml()))
    })

    it('S-35: nesting up to the limit (64 levels in all) is read as any other response', async () => {
      // The Response is 1, its Assertion 2, the AttributeStatement 3, Attribute 4, AttributeValue 5.
      const nested = (depth: number) => signAssertion(unsignedDeep.replace('>DEEP<', `>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}<`), w.corp)
      const unsignedDeep = await w.xml({ sign: 'none', attributes: [roleAttribute(roleArn('Developer'), CORP), roleSessionNameAttribute('alice'), ['urn:deep', ['DEEP']]] })
      await accepted(base64(nested(59)))
      expect(await refusal(w.assume(base64(nested(60))))).toEqual(invalid('The SAML response nests elements too deeply.'))
    })
  })

  describe('encrypted assertions (S-38), to the certificate of stsgate\'s /saml/metadata', () => {
    it('S-38 (control): accepts the proper shape, RSA-OAEP + AES-256-GCM with the assertion signed inside (and the Response signed too)', async () => {
      for (const sign of ['assertion', 'both'] as const) {
        const xml = await w.xml({ sign, encrypt: { certificatePem: spCertificate } })
        expect(xml).toContain('<saml:EncryptedAssertion>')
        expect(xml).not.toContain('alice@example.com')
        await accepted(base64(xml))
      }
    })

    it('S-38: refuses rsa-1_5 key transport and aes256-cbc content encryption with the algorithm message', async () => {
      expect(await refused(await w.xml({ encrypt: { certificatePem: spCertificate, keyAlgorithm: SAML.rsa15 } })))
        .toEqual(invalid(MSG.algorithm('key transport algorithm', SAML.rsa15)))
      expect(await refused(await w.xml({ encrypt: { certificatePem: spCertificate, dataAlgorithm: SAML.aes256cbc } })))
        .toEqual(invalid(MSG.algorithm('encryption algorithm', SAML.aes256cbc)))
    })

    it('S-38: refuses an encrypted UNSIGNED assertion in an unsigned Response', async () => {
      const xml = await w.xml({ sign: 'none', encrypt: { certificatePem: spCertificate, signBeforeEncrypt: false } })
      expect(xml).not.toContain('Signature')
      expect(await refused(xml)).toEqual(invalid(MSG.signature))
    })

    it('S-38: refuses an assertion encrypted to another certificate', async () => {
      expect(await refused(await w.xml({ encrypt: { certificatePem: w.partner.certificatePem } }))).toEqual(invalid(MSG.decrypt))
    })
  })

  describe('document shape (S-39) and encoding (S-40)', () => {
    it.each([
      ['two root elements', (xml: string) => `${xml}<samlp:Response xmlns:samlp="${SAML.protocol}"/>`],
      ['an unclosed element after </samlp:Response>', (xml: string) => `${xml}<x>`],
      ['a CDATA section after </samlp:Response>', (xml: string) => `${xml}<![CDATA[garbage]]>`],
    ])('S-39: refuses %s', async (_name, attack) => {
      expect(await refused(attack(await w.xml()))).toEqual(invalid(MSG.malformed))
    })

    it('S-39 (boundary): a comment after the root element is legal XML (a Misc item) and accepted', async () => {
      await accepted(base64(`${await w.xml()}<!-- trailing comment -->`))
    })

    // xmldom 0.8 keeps text after the root element and drops text or CDATA before it without a
    // word: stsgate's parseXml looks for both itself.
    it.each([
      ['trailing text garbage after </samlp:Response>', (xml: string) => `${xml}garbage`],
      ['a trailing entity reference (&amp;) after </samlp:Response>', (xml: string) => `${xml}&amp;`],
      ['text between the XML declaration and the root element', (xml: string) => `<?xml version="1.0" encoding="UTF-8"?>garbage${xml}`],
      ['text between a leading comment and the root element', (xml: string) => `<!-- c -->garbage${xml}`],
      ['a CDATA section before the root element', (xml: string) => `<![CDATA[garbage]]>${xml}`],
    ])('S-39: refuses %s', async (_name, attack) => {
      expect(await refused(attack(await w.xml()))).toEqual(invalid(MSG.malformed))
    })

    it('S-40: refuses the URL-safe base64 alphabet, double base64, and a raw-deflated (Redirect binding) body', async () => {
      const xml = await w.xml()
      // Padded, so that only the alphabet is wrong.
      const urlSafe = Buffer.from(xml).toString('base64').replaceAll('+', '-').replaceAll('/', '_')
      expect(urlSafe).toMatch(/[-_]/)
      expect(await refusal(w.assume(urlSafe))).toEqual(invalid(MSG.notBase64))
      expect(await refusal(w.assume(Buffer.from(base64(xml)).toString('base64')))).toEqual(invalid(MSG.notXml))
      expect(await refusal(w.assume(deflateRawSync(Buffer.from(xml)).toString('base64')))).toEqual(invalid(MSG.notXml))
      const wire = await w.raw(urlSafe)
      expect(wire).toMatchObject({ status: 400, code: 'InvalidIdentityToken', message: MSG.notBase64 })
    })

    it('S-40: accepts standard base64 with line breaks every 76 characters (CRLF and LF)', async () => {
      await accepted(base64(await w.xml()).replace(/(.{76})/g, '$1\r\n'))
      await accepted(base64(await w.xml()).replace(/(.{76})/g, '$1\n'))
    })
  })
})
