import { createHash, createSign } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { SignedXml } from 'xml-crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { roleAttribute, roleSessionNameAttribute, SAML } from '../../support/saml-idp.ts'
import {
  accessDenied, base64, childElements, CORP, DSIG, EVIL_NAME_ID, firstChild, firstDescendant, invalid, makeEvil, MSG, parse, refusal,
  removeOwnSignature, roleArn, serialize, startSamlAttackWorld, VICTIM, type SamlAttackWorld,
} from './saml-attacks-fixture.ts'

// Attack catalogue A (reference/attacks.md), the signature family: S-01..S-17, through the real
// server and the unmodified SDK, every attack built from a response Corp's key really signed.
// The algorithm, size, encryption and encoding cases (S-32..S-35, S-38..S-40) are in
// saml-attacks-xml.test.ts; the claims (S-18..S-31, S-36, S-37) in saml-attacks-claims.test.ts.

type Surgery = (doc: Document, response: Element) => void

/**
 * SAML Raider's XSW1-XSW8 (CompassSecurity/SAMLRaider helpers/XSWHelpers.java), the evil copy made
 * by makeEvil, with the check that refuses each: stsgate's "exactly one assertion" when the evil
 * copy sits beside the original (3, 5); otherwise node-saml's signature check, the signed ID now
 * naming a node that is not the signature's parent, or naming two nodes (7 and 8 keep the
 * original ID twice).
 */
const XSW: Record<string, { sign: 'response' | 'assertion'; title: string; surgery: Surgery; refusal: string }> = {
  1: {
    sign: 'response', refusal: MSG.signature,
    title: 'the signed Response cloned into its own Signature, the outer Response evil with a new ID',
    surgery: (_doc, response) => {
      const clone = response.cloneNode(true) as Element
      removeOwnSignature(clone)
      makeEvil(firstChild(response, 'Assertion'))
      firstChild(response, 'Signature').appendChild(clone)
      response.setAttribute('ID', '_evil_response_ID')
    },
  },
  2: {
    sign: 'response', refusal: MSG.signature,
    title: 'the signed Response cloned before its Signature (detached), the outer Response evil with a new ID',
    surgery: (_doc, response) => {
      const clone = response.cloneNode(true) as Element
      removeOwnSignature(clone)
      makeEvil(firstChild(response, 'Assertion'))
      response.insertBefore(clone, firstChild(response, 'Signature'))
      response.setAttribute('ID', '_evil_response_ID')
    },
  },
  3: {
    sign: 'assertion', refusal: MSG.oneAssertion,
    title: 'an unsigned evil Assertion before the signed one',
    surgery: (_doc, response) => {
      const assertion = firstChild(response, 'Assertion')
      const evil = assertion.cloneNode(true) as Element
      makeEvil(evil)
      removeOwnSignature(evil)
      evil.setAttribute('ID', '_evil_assertion_ID')
      response.insertBefore(evil, assertion)
    },
  },
  4: {
    sign: 'assertion', refusal: MSG.signature,
    title: 'an unsigned evil Assertion wrapping the signed one',
    surgery: (_doc, response) => {
      const assertion = firstChild(response, 'Assertion')
      const evil = assertion.cloneNode(true) as Element
      makeEvil(evil)
      removeOwnSignature(evil)
      evil.setAttribute('ID', '_evil_assertion_ID')
      response.appendChild(evil)
      evil.appendChild(assertion)
    },
  },
  5: {
    sign: 'assertion', refusal: MSG.oneAssertion,
    title: 'evil copy keeps the Signature, original moved to the end',
    surgery: (_doc, response) => {
      const evil = firstChild(response, 'Assertion')
      const original = evil.cloneNode(true) as Element
      makeEvil(evil)
      removeOwnSignature(original)
      response.appendChild(original)
      evil.setAttribute('ID', '_evil_assertion_ID')
    },
  },
  6: {
    sign: 'assertion', refusal: MSG.signature,
    title: 'evil copy keeps the Signature, original inside that Signature',
    surgery: (_doc, response) => {
      const evil = firstChild(response, 'Assertion')
      const original = evil.cloneNode(true) as Element
      makeEvil(evil)
      removeOwnSignature(original)
      firstChild(evil, 'Signature').appendChild(original)
      evil.setAttribute('ID', '_evil_assertion_ID')
    },
  },
  7: {
    sign: 'assertion', refusal: MSG.signature,
    title: 'an unsigned evil Assertion inside <samlp:Extensions>',
    surgery: (doc, response) => {
      const assertion = firstChild(response, 'Assertion')
      const extensions = doc.createElementNS(SAML.protocol, 'samlp:Extensions')
      response.insertBefore(extensions, assertion)
      const evil = assertion.cloneNode(true) as Element
      makeEvil(evil)
      removeOwnSignature(evil)
      extensions.appendChild(evil)
    },
  },
  8: {
    sign: 'assertion', refusal: MSG.signature,
    title: 'evil copy keeps the Signature, original inside <ds:Signature><ds:Object>',
    surgery: (doc, response) => {
      const evil = firstChild(response, 'Assertion')
      const original = evil.cloneNode(true) as Element
      makeEvil(evil)
      removeOwnSignature(original)
      const object = doc.createElementNS(DSIG, 'ds:Object')
      firstChild(evil, 'Signature').appendChild(object)
      object.appendChild(original)
    },
  },
}

describe(`AssumeRoleWithSAML against signature wrapping and forged signatures (attack catalogue A, S-01..S-17) on ${backend}`, () => {
  let w: SamlAttackWorld

  beforeAll(async () => { w = await startSamlAttackWorld() })
  afterAll(async () => { await w?.close() })

  /** Corp's real signed response, then DOM surgery on it. */
  const operate = async (sign: 'response' | 'assertion' | 'both', surgery: Surgery): Promise<string> => {
    const doc = parse(await w.xml({ sign }))
    surgery(doc, doc.documentElement!)
    return serialize(doc)
  }
  /** The attacker asks for Admin: only the evil assertion offers it. */
  const attempt = (xml: string, role = 'Admin') => refusal(w.assume(base64(xml), { role }))

  describe('XML signature wrapping, as SAML Raider builds it', () => {
    it('control: the untouched responses are accepted, and an evil assertion Corp really signed would be visible (admin@corp.com as Admin)', async () => {
      for (const sign of ['assertion', 'response', 'both'] as const) {
        const result = await w.assume(base64(await w.xml({ sign })))
        expect(result).toMatchObject({ Subject: 'alice@example.com', AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/Developer/alice' } })
      }
      // The genuine assertion does not offer Admin: had an XSW case been read through, the answer would be AccessDenied, not InvalidIdentityToken.
      expect(await attempt(await w.xml())).toEqual(accessDenied)
      const signedEvil = await w.xml({ nameId: EVIL_NAME_ID, attributes: [roleAttribute(roleArn('Admin'), CORP), roleSessionNameAttribute('alice')] })
      expect(await w.assume(base64(signedEvil), { role: 'Admin' })).toMatchObject({ Subject: EVIL_NAME_ID, AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice' } })
    })

    for (const [n, { sign, title, surgery, refusal: message }] of Object.entries(XSW)) {
      it(`S-0${n}: refuses XSW${n} (${title})`, async () => {
        const xml = await operate(sign, surgery)
        // The forgery is what it claims: the evil values, the genuine ones, and Corp's one genuine SignatureValue.
        expect(xml).toContain(`<saml:NameID Format="${SAML.persistent}">${EVIL_NAME_ID}</saml:NameID>`)
        expect(xml).toContain(`<saml:NameID Format="${SAML.persistent}">alice@example.com</saml:NameID>`)
        expect(xml.match(/<ds:SignatureValue>/g)).toHaveLength(1)
        expect(await attempt(xml)).toEqual(invalid(message))
        // On the wire: <Code>InvalidIdentityToken</Code>, HTTP 400.
        expect(await w.raw(base64(xml), { role: 'Admin' })).toMatchObject({ status: 400, code: 'InvalidIdentityToken', message })
      })
    }
  })

  describe('DOCTYPE-borne wrapping (S-09, S-10): refused before any parser sees the document', () => {
    it('S-09: refuses XSW10 / CVE-2025-23369 (assertion copy in the Response Signature\'s Object, IDs through DOCTYPE entities)', async () => {
      const xml = await operate('both', (doc, response) => {
        const assertion = firstChild(response, 'Assertion')
        const id = assertion.getAttribute('ID')!
        response.removeChild(firstChild(response, 'Signature'))
        const signature = firstChild(assertion, 'Signature').cloneNode(true) as Element
        response.insertBefore(signature, firstChild(response, 'Issuer').nextSibling)
        const object = doc.createElementNS(DSIG, 'ds:Object')
        signature.appendChild(object)
        const copy = assertion.cloneNode(true) as Element
        object.appendChild(copy)
        copy.setAttribute('ID', `__BYPASS__${id}`)
        assertion.setAttribute('ID', `${id}ffff`)
        removeOwnSignature(assertion)
        makeEvil(assertion)
        response.setAttribute('ID', '__ID_VIA_ENTITY__')
      })
      const id = /ID="__BYPASS__([^"]+)"/.exec(xml)![1]!
      const doctype = `<!DOCTYPE response [\n<!ENTITY idViaEntity "${id}">\n<!ENTITY BypassIDUniqueness "&#x50;">\n]>`
      const attack = doctype + xml.replace('__ID_VIA_ENTITY__', '&idViaEntity;').replace('__BYPASS__', '&BypassIDUniqueness;')
      expect(await attempt(attack)).toEqual(invalid(MSG.doctype))
      // With the entities expanded by hand (no DOCTYPE left to refuse) the wrapping itself is refused.
      const expanded = xml.replace('__ID_VIA_ENTITY__', id).replace('__BYPASS__', 'P')
      expect(await attempt(expanded)).toEqual(invalid(MSG.signature))
    })

    it('S-10: refuses the CVE-2025-25291 round trip (DOCTYPE SYSTEM literal opening a comment, CDATA smuggling the signed original)', async () => {
      const genuine = await w.xml()
      const evil = await operate('assertion', (_doc, response) => makeEvil(firstChild(response, 'Assertion')))
      const end = '</samlp:Response>'
      const smuggled = `${evil.slice(0, -end.length)}<![CDATA[-->\n${genuine.slice(0, -end.length)}<!--]]>-->\n${end}`
      expect(await attempt(`<!DOCTYPE response SYSTEM 'x"><!--'>\n${smuggled}`)).toEqual(invalid(MSG.doctype))
      // Without the DOCTYPE the genuine original is only CDATA text, and the evil assertion's signature is broken.
      expect(await attempt(smuggled)).toEqual(invalid(MSG.signature))
    })

    it('S-10: refuses the CVE-2025-25292 namespace confusion (ATTLIST redefining the Signature xmlns, digest of the void canonicalisation)', async () => {
      const attack = `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE Response [<!ATTLIST Signature xmlns CDATA #FIXED "${DSIG}" xmlns CDATA "block">]>${await voidCanonicalisation()}`
      expect(await attempt(attack)).toEqual(invalid(MSG.doctype))
    })
  })

  /**
   * CVE-2025-25292's body: the evil assertion declares a namespace libxml2 canonicalises to
   * nothing, carries a Signature whose digest is SHA-256("") and whose value is Corp's signature
   * over "" (as if harvested), and the original Signature sits unbound in StatusDetail.
   */
  async function voidCanonicalisation(): Promise<string> {
    return operate('assertion', (doc, response) => {
      const assertion = firstChild(response, 'Assertion')
      const signature = firstChild(assertion, 'Signature')
      assertion.removeChild(signature)
      const detail = doc.createElementNS(SAML.protocol, 'samlp:StatusDetail')
      firstChild(response, 'Status').appendChild(detail)
      detail.appendChild(signature)
      makeEvil(assertion)
      assertion.setAttribute('xmlns:example', 'http://example.com\u0080')
      const empty = createHash('sha256').update('').digest('base64')
      const overNothing = createSign('RSA-SHA256').update('').sign(w.corp.privateKeyPem, 'base64')
      const forged = parse(`<ds:Signature xmlns:ds="${DSIG}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${SAML.excC14n}"/>` +
        `<ds:SignatureMethod Algorithm="${SAML.rsaSha256}"/><ds:Reference URI="#${assertion.getAttribute('ID')}"><ds:Transforms>` +
        `<ds:Transform Algorithm="${SAML.envelopedSignature}"/><ds:Transform Algorithm="${SAML.excC14n}"/></ds:Transforms>` +
        `<ds:DigestMethod Algorithm="${SAML.sha256}"/><ds:DigestValue>${empty}</ds:DigestValue></ds:Reference></ds:SignedInfo>` +
        `<ds:SignatureValue>${overNothing}</ds:SignatureValue></ds:Signature>`).documentElement!
      assertion.insertBefore(doc.importNode(forged, true), firstChild(assertion, 'Subject'))
    })
  }

  describe('parser-differential shapes ("The Fragile Lock", S-11) and appended assertions (S-12)', () => {
    it.each([
      ['a duplicate ID attribute on the signed Assertion', (xml: string) => xml.replace('<saml:Assertion ', '<saml:Assertion ID="_evil_assertion_ID" '), MSG.malformed],
      ['a duplicate xmlns:saml declaration on the signed Assertion', (xml: string) => xml.replace('<saml:Assertion ', '<saml:Assertion xmlns:saml="urn:evil" '), MSG.malformed],
      ['a second, namespaced ID (x:ID) polluting the signed Assertion', (xml: string) =>
        xml.replace('<saml:Assertion ', `<saml:Assertion xmlns:x="${SAML.assertion}" x:ID="_evil_assertion_ID" `), MSG.signature],
      ['a signed Assertion whose Signature is in a look-alike namespace', (xml: string) => xml.replace(`<ds:Signature xmlns:ds="${DSIG}"`, `<ds:Signature xmlns:ds="${DSIG}x"`), MSG.signature],
    ])('S-11: refuses %s', async (_name, edit, message) => {
      const genuine = await w.xml()
      const xml = edit(genuine)
      expect(xml).not.toBe(genuine)
      expect(await attempt(xml, 'Developer')).toEqual(invalid(message))
    })

    it('S-11: refuses an evil Assertion in a look-alike namespace beside the signed one, and a response whose only Assertion is one', async () => {
      const lookAlike = `${SAML.assertion} `
      const xml = await operate('assertion', (doc, response) => {
        const assertion = firstChild(response, 'Assertion')
        const evil = parse(serialize(assertion).replace(`xmlns:saml="${SAML.assertion}"`, `xmlns:saml="${lookAlike}"`)).documentElement!
        makeEvil(evil)
        removeOwnSignature(evil)
        evil.setAttribute('ID', '_evil_assertion_ID')
        response.insertBefore(doc.importNode(evil, true), assertion)
      })
      // stsgate counts one assertion in the SAML namespace; node-saml matches local names, sees two, and refuses the signature.
      expect(await attempt(xml)).toEqual(invalid(MSG.signature))
      const only = (await w.xml({ sign: 'none' })).replace(`<saml:Assertion xmlns:saml="${SAML.assertion}"`, `<saml:Assertion xmlns:saml="${lookAlike}"`)
      expect(await attempt(only)).toEqual(invalid(MSG.oneAssertion))
    })

    it('S-11: refuses a void-canonicalisation forgery (digest and signature over the empty string, no DOCTYPE)', async () => {
      expect(await attempt(await voidCanonicalisation())).toEqual(invalid(MSG.signature))
    })

    it('S-12: refuses a signed assertion followed by an appended unsigned one (CVE-2022-41912)', async () => {
      const xml = await operate('assertion', (_doc, response) => {
        const evil = firstChild(response, 'Assertion').cloneNode(true) as Element
        makeEvil(evil)
        removeOwnSignature(evil)
        evil.setAttribute('ID', '_appended_assertion_ID')
        response.appendChild(evil)
      })
      expect(await attempt(xml)).toEqual(invalid(MSG.oneAssertion))
      const wire = await w.raw(base64(xml), { role: 'Admin' })
      expect(wire).toMatchObject({ status: 400, code: 'InvalidIdentityToken', message: MSG.oneAssertion })
    })
  })

  describe('NameID truncation (S-13, S-14): only the signed, canonical text is read', () => {
    const victimResponse = () => w.xml({
      nameId: VICTIM, attributes: [roleAttribute(roleArn('VictimFull'), CORP, [roleArn('VictimTruncated'), CORP]), roleSessionNameAttribute('victim')],
    })
    const inject = async (insert: (tail: string) => string) => {
      const xml = await victimResponse()
      const injected = xml.replace(`>${VICTIM}<`, `>victim@corp.com${insert('.attacker.com')}<`)
      expect(injected).not.toBe(xml)
      return base64(injected)
    }

    it('S-13: accepts a comment injected after victim@corp.com as the FULL name: Subject, audit userName and saml:sub', async () => {
      const result = await w.assume(await inject((tail) => `<!---->${tail}`), { role: 'VictimFull' })
      expect(result).toMatchObject({ Subject: VICTIM, AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/VictimFull/victim' } })
      const row = await w.server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: result.$metadata.requestId! } })
      expect((row.detail as { userIdentity: Record<string, unknown> }).userIdentity).toMatchObject({
        type: 'SAMLUser', userName: VICTIM, principalId: `${result.NameQualifier}:${VICTIM}`,
      })
      // A trust policy on the truncated name does not admit it.
      expect(await refusal(w.assume(await inject((tail) => `<!---->${tail}`), { role: 'VictimTruncated' }))).toEqual(accessDenied)
    })

    it('S-14: refuses a processing instruction inside the NameID (the canonical bytes change)', async () => {
      for (const role of ['VictimFull', 'VictimTruncated']) {
        expect(await refusal(w.assume(await inject((tail) => `<?x ?>${tail}`), { role }))).toEqual(invalid(MSG.signature))
      }
    })

    it('S-14: reads a CDATA-split NameID as the FULL name, never the truncated one', async () => {
      expect(await w.assume(await inject((tail) => `<![CDATA[${tail}]]>`), { role: 'VictimFull' })).toMatchObject({ Subject: VICTIM })
      expect(await refusal(w.assume(await inject((tail) => `<![CDATA[${tail}]]>`), { role: 'VictimTruncated' }))).toEqual(accessDenied)
    })
  })

  describe('stripped, partial and foreign signatures (S-15..S-17)', () => {
    it('S-15: refuses a response whose Response and Assertion signatures were both removed, and one never signed', async () => {
      const stripped = (await w.xml({ sign: 'both' })).replace(/<ds:Signature [\s\S]*?<\/ds:Signature>/g, '')
      expect(stripped).not.toContain('Signature')
      expect(await attempt(stripped, 'Developer')).toEqual(invalid(MSG.signature))
      expect(await attempt(await w.xml({ sign: 'none' }), 'Developer')).toEqual(invalid(MSG.signature))
    })

    it('S-16 (design decision: a signature over the Response OR the Assertion suffices): accepts a response signed only on the Response', async () => {
      const xml = await w.xml({ sign: 'response' })
      expect(childElements(firstChild(parse(xml).documentElement!, 'Assertion'), 'Signature')).toHaveLength(0)
      expect(await w.assume(base64(xml))).toMatchObject({ Subject: 'alice@example.com' })
    })

    it('S-16: refuses a response where neither the Response nor the Assertion signature verifies (content edited after signing)', async () => {
      const edited = (await w.xml({ sign: 'both' })).replace('>alice@example.com<', `>${EVIL_NAME_ID}<`)
      expect(edited).toContain(EVIL_NAME_ID)
      expect(await attempt(edited, 'Developer')).toEqual(invalid(MSG.signature))
      const responseOnly = (await w.xml({ sign: 'response' })).replace('>alice@example.com<', `>${EVIL_NAME_ID}<`)
      expect(await attempt(responseOnly, 'Developer')).toEqual(invalid(MSG.signature))
    })

    it('S-17: refuses a response re-signed by an attacker key whose certificate is in KeyInfo (Issuer still Corp)', async () => {
      for (const sign of ['assertion', 'response', 'both'] as const) {
        const xml = await w.xml({ sign, signingKey: w.attacker, nameId: EVIL_NAME_ID, attributes: [roleAttribute(roleArn('Admin'), CORP), roleSessionNameAttribute('alice')] })
        expect(firstDescendant(parse(xml), 'X509Certificate').textContent).toBe(w.attacker.certificateBase64)
        expect(await attempt(xml)).toEqual(invalid(MSG.signature))
      }
    })

    it('S-17: nobody configures getCertFromKeyInfo (src/ and node-saml), and xml-crypto\'s default ignores KeyInfo', async () => {
      const sources = async (relative: string): Promise<string[]> => {
        const dir = fileURLToPath(new URL(relative, import.meta.url))
        return (await readdir(dir, { recursive: true })).filter((name) => /\.(ts|js|mjs|cjs)$/.test(name)).map((name) => `${dir}/${name}`)
      }
      const files = [...await sources('../../../src/'), ...await sources('../../../node_modules/@node-saml/node-saml/lib/')]
      expect(files.length).toBeGreaterThan(50)
      const offenders: string[] = []
      for (const file of files) if ((await readFile(file, 'utf8')).includes('getCertFromKeyInfo')) offenders.push(file)
      expect(offenders).toEqual([])
      // node-saml verifies with `new SignedXml()` and a publicCert: the KeyInfo certificate is never consulted.
      const keyInfo = parse(`<ds:KeyInfo xmlns:ds="${DSIG}"><ds:X509Data><ds:X509Certificate>${w.attacker.certificateBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`).documentElement!
      expect(new SignedXml().getCertFromKeyInfo(keyInfo)).toBeNull()
    })
  })
})
