import type { Request, Response } from 'express'
import type { SamlServiceProvider } from '../config/config.ts'
import { serviceProviderMetadata } from '../identity/saml/sp-metadata.ts'

/** GET /saml/metadata: stsgate's SP metadata, what an IdP administrator imports. Built once: nothing in it changes while running. */
export function samlMetadata(sp: SamlServiceProvider, encryptionCertificatePem: string) {
  const document = serviceProviderMetadata(sp, encryptionCertificatePem)
  return (_req: Request, res: Response): void => {
    res.type('application/samlmetadata+xml').send(document)
  }
}
