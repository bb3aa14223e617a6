import { XMLBuilder } from 'fast-xml-parser'
import type { SamlServiceProvider } from '../../config/config.ts'

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, format: true, suppressBooleanAttributes: false })

/**
 * stsgate's SAML 2.0 service-provider metadata (SAML Metadata §2.4.4 SPSSODescriptor): its
 * entity id, the HTTP-POST assertion consumer service, that assertions must be signed, and the
 * encryption certificate with the only algorithms stsgate decrypts (AES-GCM content, RSA-OAEP key
 * transport), so an IdP that reads it never picks one that would be refused.
 */
export function serviceProviderMetadata(sp: SamlServiceProvider, encryptionCertificatePem: string): string {
  const certificate = encryptionCertificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '')
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({
    EntityDescriptor: {
      '@xmlns': 'urn:oasis:names:tc:SAML:2.0:metadata',
      '@xmlns:ds': 'http://www.w3.org/2000/09/xmldsig#',
      '@entityID': sp.entityId,
      SPSSODescriptor: {
        '@AuthnRequestsSigned': 'false',
        '@WantAssertionsSigned': 'true',
        '@protocolSupportEnumeration': 'urn:oasis:names:tc:SAML:2.0:protocol',
        KeyDescriptor: {
          '@use': 'encryption',
          'ds:KeyInfo': { 'ds:X509Data': { 'ds:X509Certificate': certificate } },
          EncryptionMethod: [
            { '@Algorithm': 'http://www.w3.org/2009/xmlenc11#aes256-gcm' },
            { '@Algorithm': 'http://www.w3.org/2009/xmlenc11#aes128-gcm' },
            { '@Algorithm': 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' },
          ],
        },
        NameIDFormat: [
          'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
          'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
          'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        ],
        AssertionConsumerService: {
          '@Binding': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
          '@Location': sp.acsUrl,
          '@index': '0',
          '@isDefault': 'true',
        },
      },
    },
  }) as string}`
}
