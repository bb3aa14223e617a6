import { randomUUID } from 'node:crypto'
import samlify from 'samlify'
import { generateSamlIdp, SAML } from './saml-idp.ts'

/**
 * An identity provider that is not ours: samlify 2.13.1 builds, signs and encrypts the Responses,
 * so stsgate is tested against another implementation's reading of the specs (namespace prefixes,
 * signature placement, xml-encryption fork, SP metadata parsing) rather than only against the
 * hand-rolled builder in saml-idp.ts, which shares our assumptions.
 *
 * No schema validator is registered (samlify.setSchemaValidator): samlify consults it only when it
 * *parses* a SAML message (libsaml.isValidXml, called from its flows); building metadata and login
 * responses never does. Registering a permissive one would be a process-wide setting that could
 * silently disable validation for any later samlify parsing.
 */

// samlify is CommonJS whose exports Node's ESM loader cannot all name (SPMetadata, SamlLib): the
// default import is module.exports itself.
const { Constants, IdentityProvider, SamlLib, ServiceProvider, SPMetadata } = samlify

export interface SamlifyIdp {
  readonly entityId: string
  /** samlify's own IdP metadata (its signing certificate inside): what stsgate imports with CreateSAMLProvider. */
  readonly metadata: string
  /** The signing certificate in that metadata, PEM (to verify with directly). */
  readonly certificatePem: string
  /**
   * An IdP-initiated Response (POST binding, base64) for the SP described by `spMetadata` (stsgate's
   * /saml/metadata XML): Destination and Recipient its HTTP-POST ACS (or `recipient`), Audience its
   * entity id (or `audience`), the attributes with every value, this NameID (persistent). `encrypt`
   * encrypts the assertion to the SP metadata's encryption certificate (rsa-oaep-mgf1p + aes256-gcm).
   */
  response(input: {
    spMetadata: string
    nameId: string
    attributes: ReadonlyArray<readonly [string, readonly string[]]>
    encrypt?: boolean
    audience?: string
    recipient?: string
  }): Promise<string>
}

type IdpSettings = Parameters<typeof IdentityProvider>[0]
// samlify reads these two from the entity settings (libsaml.encryptAssertion) but leaves them out
// of IdentityProviderSettings.
type EncryptingIdpSettings = IdpSettings & { dataEncryptionAlgorithm: string; keyEncryptionAlgorithm: string }

const VALIDITY_MS = 5 * 60_000

/**
 * A samlify IdP with a fresh RSA-2048 key. Both signatures by default; samlify cannot leave both
 * out (it signs the Response whenever the SP does not want signed assertions), so that is refused.
 */
export async function startSamlifyIdp(options: { entityId?: string; signResponse?: boolean; signAssertion?: boolean } = {}): Promise<SamlifyIdp> {
  const entityId = options.entityId ?? 'https://samlify-idp.example.com/metadata'
  const signResponse = options.signResponse ?? true
  const signAssertion = options.signAssertion ?? true
  if (!signResponse && !signAssertion) throw new TypeError('startSamlifyIdp: samlify always signs the Response or the Assertion')
  const keys = await generateSamlIdp(entityId)
  const base = entityId.replace(/\/metadata$/, '')
  const settings: IdpSettings = {
    entityID: entityId,
    privateKey: keys.privateKeyPem,
    signingCert: keys.certificatePem,
    nameIDFormat: [SAML.persistent],
    singleSignOnService: [{ Binding: Constants.namespace.binding.post, Location: `${base}/sso` }],
    singleLogoutService: [{ Binding: Constants.namespace.binding.redirect, Location: `${base}/slo` }], // else samlify warns on every construction
  }
  const metadata = IdentityProvider(settings).getMetadata()

  return {
    entityId,
    metadata,
    certificatePem: keys.certificatePem,
    async response(input) {
      // samlify's own reading of the SP metadata; the SP entity is then rebuilt from those facts so
      // that which signatures are made is this IdP's choice, not the metadata's WantAssertionsSigned
      // (samlify signs the assertion exactly when the SP metadata says so).
      const spMeta = SPMetadata(input.spMetadata)
      const acs = spMeta.getAssertionConsumerService('post')
      if (typeof acs !== 'string') throw new TypeError('samlify found no HTTP-POST AssertionConsumerService in the SP metadata')
      const encryptCert = spMeta.getX509Certificate('encryption')
      if (input.encrypt && typeof encryptCert !== 'string') throw new TypeError('samlify found no (single) encryption certificate in the SP metadata')
      const sp = ServiceProvider({
        entityID: spMeta.getEntityID(),
        assertionConsumerService: [{ Binding: Constants.namespace.binding.post, Location: acs }],
        ...(typeof encryptCert === 'string' ? { encryptCert } : {}),
        wantAssertionsSigned: signAssertion,
        wantMessageSigned: signResponse,
      })
      const idpSettings: EncryptingIdpSettings = {
        ...settings,
        isAssertionEncrypted: input.encrypt ?? false,
        dataEncryptionAlgorithm: SAML.aes256gcm,
        keyEncryptionAlgorithm: SAML.rsaOaepMgf1p,
      }
      const idp = IdentityProvider(idpSettings)

      const now = new Date()
      const later = new Date(now.getTime() + VALIDITY_MS).toISOString()
      const recipient = input.recipient ?? acs
      const id = `_${randomUUID()}`
      const values = {
        ID: id,
        AssertionID: `_${randomUUID()}`,
        Destination: recipient,
        SubjectRecipient: recipient,
        Audience: input.audience ?? spMeta.getEntityID(),
        Issuer: entityId,
        IssueInstant: now.toISOString(),
        StatusCode: Constants.StatusCode.Success,
        ConditionsNotBefore: now.toISOString(),
        ConditionsNotOnOrAfter: later,
        SubjectConfirmationDataNotOnOrAfter: later,
        NameIDFormat: SAML.persistent,
        NameID: input.nameId,
        InResponseTo: null, // IdP-initiated: samlify then drops the attribute
      }
      // samlify's template fills {AttributeStatement} with one value per attribute at most, so the
      // statement (and the AuthnStatement the template leaves empty) are written here, values
      // escaped, and put in after samlify's own tag replacement (which escapes what it inserts).
      const attributeStatement = input.attributes.length === 0 ? '' : `<saml:AttributeStatement>${input.attributes.map(([name, list]) =>
        `<saml:Attribute Name="${xmlEscape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${list.map((value) =>
          `<saml:AttributeValue xsi:type="xs:string">${xmlEscape(value)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('')}</saml:AttributeStatement>`
      const authnStatement = `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_${randomUUID()}"><saml:AuthnContext>` +
        '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
      const customTagReplacement = (template: string) => ({
        id,
        context: SamlLib.replaceTagsByValue(template, values)
          .replace('{AuthnStatement}', () => authnStatement) // a function: values may contain `$&`
          .replace('{AttributeStatement}', () => attributeStatement),
      })

      // encryptThenSign: the Response signature (when made) must cover the EncryptedAssertion;
      // samlify's other order signs the Response first and then replaces the Assertion inside it.
      const { context } = await idp.createLoginResponse(sp, { extract: {} }, 'post', { email: input.nameId }, { customTagReplacement, encryptThenSign: true })
      return context
    },
  }
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
}
