import { SAML, ValidateInResponseTo } from '@node-saml/node-saml'
import { beforeAll, describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { samlResponseError } from '../../../src/identity/errors.ts'
import { generateSamlIdp, samlResponse, type SamlIdpKeys } from '../../support/saml-idp.ts'

// src/identity/errors.ts is the one seam that knows node-saml's errors (CONVENTIONS 3): each
// message it relies on is produced here by node-saml itself, configured as verify-saml-response.ts
// configures it, then mapped. A node-saml upgrade that rewords one fails here, not on the wire.

let idp: SamlIdpKeys
let other: SamlIdpKeys
const ACS = 'http://localhost:8080/saml/acs'

const saml = (certificate: string, decryptionPvk?: string) => new SAML({
  idpCert: certificate, issuer: 'http://localhost:8080/saml/metadata', callbackUrl: ACS, audience: false,
  wantAssertionsSigned: false, wantAuthnResponseSigned: false, acceptedClockSkewMs: 180_000, maxAssertionAgeMs: 0,
  validateInResponseTo: ValidateInResponseTo.never, ...(decryptionPvk && { decryptionPvk }),
})

async function nodeSamlError(response: string, certificate = idp.certificatePem, decryptionPvk?: string): Promise<Error> {
  const error = await saml(certificate, decryptionPvk).validatePostResponseAsync({ SAMLResponse: response }).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(Error)
  return error as Error
}

const mapped = (error: unknown) => {
  const wire = samlResponseError(error)
  expect(wire).toBeInstanceOf(ServiceError)
  return { code: wire.code, status: wire.status, message: wire.message }
}

beforeAll(async () => { [idp, other] = await Promise.all([generateSamlIdp('https://idp.example.com'), generateSamlIdp('https://other.example.com')]) })

describe('samlResponseError over the errors node-saml 5 really throws', () => {
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

  it('expired Conditions -> ExpiredTokenException', async () => {
    const error = await nodeSamlError(await samlResponse({ idp, destination: ACS, now: minutesAgo(20), notOnOrAfter: minutesAgo(10), subjectNotOnOrAfter: minutesAgo(10) }))
    expect(error.message).toBe('SAML assertion expired: clocks skewed too much')
    expect(mapped(error)).toEqual({ code: 'ExpiredTokenException', status: 400, message: 'The SAML assertion has expired.' })
  })

  it('NotBefore ahead of the skew -> InvalidIdentityToken, not valid yet', async () => {
    const error = await nodeSamlError(await samlResponse({ idp, destination: ACS, notBefore: new Date(Date.now() + 10 * 60_000) }))
    expect(error.message).toBe('SAML assertion not yet valid')
    expect(mapped(error)).toEqual({ code: 'InvalidIdentityToken', status: 400, message: 'The SAML assertion is not valid yet.' })
  })

  it.each([
    ['the assertion signed by another IdP', 'assertion', 'Invalid signature'],
    ['the response signed by another IdP', 'response', 'Invalid document signature'],
  ] as const)('%s -> InvalidIdentityToken, not signed by the provider', async (_name, sign, message) => {
    const error = await nodeSamlError(await samlResponse({ idp, destination: ACS, sign }), other.certificatePem)
    // wantAuthnResponseSigned is false, so a bad Response signature surfaces as the assertion's.
    expect(error.message).toBe(sign === 'assertion' ? message : 'Invalid signature')
    expect(mapped(error)).toEqual({ code: 'InvalidIdentityToken', status: 400, message: 'The SAML response is not signed by the identity provider named by PrincipalArn.' })
  })

  it('an assertion encrypted to another key -> InvalidIdentityToken, could not be decrypted', async () => {
    const error = await nodeSamlError(await samlResponse({ idp, destination: ACS, encrypt: { certificatePem: other.certificatePem } }), idp.certificatePem, idp.privateKeyPem)
    // OpenSSL's words depend on the random ciphertext: `oaep decoding error`, or `data too large
    // for modulus` when it is a number beyond our key's modulus.
    expect((error as Error & { code?: string }).code).toMatch(/^ERR_OSSL_RSA_(OAEP_DECODING_ERROR|DATA_TOO_LARGE_FOR_MODULUS)$/)
    expect(mapped(error)).toEqual({ code: 'InvalidIdentityToken', status: 400, message: "The SAML assertion could not be decrypted with this service's key." })
  })

  it('anything else -> InvalidIdentityToken, could not be validated', () => {
    expect(mapped(new Error('Unknown SAML response message'))).toEqual({ code: 'InvalidIdentityToken', status: 400, message: 'The SAML response could not be validated.' })
    expect(mapped('not even an Error')).toEqual({ code: 'InvalidIdentityToken', status: 400, message: 'The SAML response could not be validated.' })
  })
})
