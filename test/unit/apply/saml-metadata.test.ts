import { describe, expect, it } from 'vitest'
import { summariseSamlMetadata } from '../../../src/apply/saml-metadata.ts'
import { baseYaml } from '../../fixtures/apply/base-config.ts'

// The fixture's self-signed certificate, as one base64 line.
const certificate = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(baseYaml)![1]!.replace(/\s+/g, '')
const wrapped = certificate.replace(/(.{64})/g, '$1\n      ')

const metadata = (inner: string, rootAttributes = 'entityID="https://idp.example.com/metadata"') => `<?xml version="1.0"?>
<!-- exported by the IdP -->
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" ${rootAttributes}>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</IDPSSODescriptor>
</EntityDescriptor>`

const key = (use: string | undefined, cert = wrapped) => `
    <KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
      <ds:X509Certificate>
      ${cert}
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`

describe('SAML metadata summary', () => {
  it('reads the entityID and the signing certificates, whitespace removed, once each', () => {
    expect(summariseSamlMetadata(metadata(key('signing') + key(undefined) + key('encryption')))).toEqual({
      entityId: 'https://idp.example.com/metadata',
      signingCertificates: [certificate],
      validUntil: undefined,
    })
  })

  it('reads validUntil and decodes entities in attributes', () => {
    const summary = summariseSamlMetadata(metadata(key(undefined), 'entityID="https://idp.example.com/?a=1&amp;b=2" validUntil="2030-06-01T12:00:00Z"'))
    expect(summary).toMatchObject({ entityId: 'https://idp.example.com/?a=1&b=2', validUntil: new Date('2030-06-01T12:00:00Z') })
  })

  it.each([
    ['a DOCTYPE', `<!DOCTYPE md [<!ENTITY x "y">]>${metadata(key(undefined))}`, 'is not well-formed XML: a DOCTYPE or entity declaration is not allowed'],
    ['an undeclared entity', metadata(key(undefined)).replace('protocol"', 'protocol" x="&ext;"'), /^is not well-formed XML: /],
    ['unbalanced tags', metadata(key(undefined)).replace('</IDPSSODescriptor>', ''), /^is not well-formed XML: /],
    ['two roots', metadata(key(undefined)) + '<EntityDescriptor/>', /^is not well-formed XML: /],
    ['an EntitiesDescriptor', '<EntitiesDescriptor><EntityDescriptor entityID="x"/></EntitiesDescriptor>', 'expected an EntityDescriptor root element, found EntitiesDescriptor'],
    ['no entityID', metadata(key(undefined), ''), 'the EntityDescriptor has no entityID'],
    ['a bad validUntil', metadata(key(undefined), 'entityID="x" validUntil="soon"'), 'validUntil is not a date-time'],
    ['service provider metadata', '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="sp"><SPSSODescriptor/></EntityDescriptor>', "has no IDPSSODescriptor (is this an identity provider's metadata?)"],
    ['an EntityDescriptor outside the metadata namespace', '<EntityDescriptor entityID="x"><IDPSSODescriptor/></EntityDescriptor>', 'the EntityDescriptor is not in the urn:oasis:names:tc:SAML:2.0:metadata namespace'],
    ['an IDPSSODescriptor outside the metadata namespace', metadata(key(undefined)).replace('<IDPSSODescriptor ', '<IDPSSODescriptor xmlns="urn:other" '), "has no IDPSSODescriptor (is this an identity provider's metadata?)"],
    ['only an encryption key', metadata(key('encryption')), 'the IDPSSODescriptor has no signing certificate'],
    ['a commented-out key', metadata(`<!--${key('signing')}-->`), 'the IDPSSODescriptor has no signing certificate'],
    ['a certificate that is not one', metadata(key('signing', 'TUlJQ2ZEQ0NBZVd')), 'a signing X509Certificate is not a base64 DER X.509 certificate'],
  ])('refuses %s', (_name, xml, problem) => {
    expect(summariseSamlMetadata(xml)).toEqual({ problem: typeof problem === 'string' ? problem : expect.stringMatching(problem) })
  })
})
