import { invalidIdentityToken } from '../errors.ts'
import { attribute, children, NS, onlyChild, parseXml } from './saml-xml.ts'

export interface SubjectConfirmation {
  readonly method: string | undefined
  readonly recipient: string | undefined
  readonly notBefore: Date | undefined
  readonly notOnOrAfter: Date | undefined
}

/** What stsgate reads of an assertion: only ever the XML node-saml verified the signature over. */
export interface SignedAssertion {
  readonly id: string
  readonly issueInstant: Date
  readonly issuer: string
  readonly nameId: string
  readonly nameIdFormat: string | undefined
  readonly subjectConfirmations: readonly SubjectConfirmation[]
  readonly notBefore: Date | undefined
  readonly notOnOrAfter: Date | undefined
  /** One list of Audience values per AudienceRestriction (each must admit us: they are AND-ed). */
  readonly audienceRestrictions: ReadonlyArray<readonly string[]>
  /** The earliest SessionNotOnOrAfter of the AuthnStatements. */
  readonly sessionNotOnOrAfter: Date | undefined
  /** Attribute Name -> its values (text content), in document order; names are unique. */
  readonly attributes: ReadonlyMap<string, readonly string[]>
}

/**
 * Reads the signed assertion's XML (node-saml's `getAssertionXml()`: the canonical bytes its
 * signature check verified, comments already gone). Elements are looked up as direct children in
 * the SAML assertion namespace, never by searching the document, so nothing can be smuggled in
 * from elsewhere. An attribute named twice is refused: a second parser could keep either one.
 * Throws InvalidIdentityToken.
 */
export function readSignedAssertion(xml: string): SignedAssertion {
  const assertion = parseXml(xml).documentElement!
  if (assertion.namespaceURI !== NS.assertion || assertion.localName !== 'Assertion') throw invalidIdentityToken('The signed element is not a SAML 2.0 Assertion.')
  const subject = required(onlyChild(assertion, NS.assertion, 'Subject'), 'Subject')
  const nameId = required(onlyChild(subject, NS.assertion, 'NameID'), 'NameID')
  const conditions = onlyChild(assertion, NS.assertion, 'Conditions')
  return {
    id: required(attribute(assertion, 'ID'), 'ID'),
    issueInstant: required(time(assertion, 'IssueInstant'), 'IssueInstant'),
    issuer: required(onlyChild(assertion, NS.assertion, 'Issuer'), 'Issuer').textContent ?? '',
    nameId: nameId.textContent ?? '',
    nameIdFormat: attribute(nameId, 'Format'),
    subjectConfirmations: children(subject, NS.assertion, 'SubjectConfirmation').map((confirmation) => {
      const data = onlyChild(confirmation, NS.assertion, 'SubjectConfirmationData')
      return {
        method: attribute(confirmation, 'Method'),
        recipient: data && attribute(data, 'Recipient'),
        notBefore: data && time(data, 'NotBefore'),
        notOnOrAfter: data && time(data, 'NotOnOrAfter'),
      }
    }),
    notBefore: conditions && time(conditions, 'NotBefore'),
    notOnOrAfter: conditions && time(conditions, 'NotOnOrAfter'),
    audienceRestrictions: conditions
      ? children(conditions, NS.assertion, 'AudienceRestriction').map((restriction) => children(restriction, NS.assertion, 'Audience').map((audience) => (audience.textContent ?? '').trim()))
      : [],
    sessionNotOnOrAfter: earliest(children(assertion, NS.assertion, 'AuthnStatement').map((statement) => time(statement, 'SessionNotOnOrAfter'))),
    attributes: attributesOf(assertion),
  }
}

function attributesOf(assertion: Element): Map<string, readonly string[]> {
  const attributes = new Map<string, readonly string[]>()
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const element of children(statement, NS.assertion, 'Attribute')) {
      const name = required(attribute(element, 'Name'), 'Attribute Name')
      if (attributes.has(name)) throw invalidIdentityToken(`The SAML assertion names the attribute ${name.slice(0, 200)} more than once.`)
      attributes.set(name, children(element, NS.assertion, 'AttributeValue').map((value) => value.textContent ?? ''))
    }
  }
  return attributes
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw invalidIdentityToken(`The SAML assertion has no ${what}.`)
  return value
}

/** An xs:dateTime attribute; a value that is no date-time is refused rather than ignored. */
function time(element: Element, name: string): Date | undefined {
  const text = attribute(element, name)
  if (text === undefined) return undefined
  const date = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text) ? new Date(text) : undefined
  if (!date || Number.isNaN(date.getTime())) throw invalidIdentityToken(`The SAML assertion's ${name} is not a date-time.`)
  return date
}

function earliest(dates: ReadonlyArray<Date | undefined>): Date | undefined {
  return dates.reduce<Date | undefined>((soonest, date) => (date && (!soonest || date < soonest) ? date : soonest), undefined)
}
