import { summariseSamlMetadata } from '../../../apply/saml-metadata.ts'
import { ServiceError } from '../../../errors.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { unechoedString, type StringRule } from '../../../protocol/string-parameters.ts'
import type { SamlMetadataColumns } from '../../../storage/iam/provider-store.ts'
import { optionalEnum } from '../../iam-parameters.ts'

// IAM model: SAMLProviderNameType, SAMLMetadataDocumentType, privateKeyType, privateKeyIdType.
export const SAML_PROVIDER_NAME: StringRule = { min: 1, max: 128, pattern: ['[\\w._-]+', /^[\w.-]+$/] }
const METADATA: StringRule = { min: 1000, max: 10_000_000 }
const PRIVATE_KEY: StringRule = { min: 1, max: 16384, pattern: ['[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', /^[\u0009\u000A\u000D\u0020-\u00FF]+$/] }
const PRIVATE_KEY_ID: StringRule = { min: 22, max: 64, pattern: ['[A-Z0-9]+', /^[A-Z0-9]+$/] }

/** IAM's quota on SAML providers per account. */
export const SAML_PROVIDERS_PER_ACCOUNT = 100

export const metadataParameter = (params: QueryParams, required: boolean) => unechoedString(params, 'SAMLMetadataDocument', METADATA, required)

/**
 * The columns stsgate keeps of a metadata document: entity id, signing certificates, validity.
 * Metadata without `validUntil` is valid for a century, as on AWS. Throws InvalidInput
 * `Could not parse metadata` (AWS's words) for a document that is not IdP metadata with at least
 * one signing certificate; the detail is not echoed, as AWS does not.
 */
export function metadataColumns(xml: string, now: Date): SamlMetadataColumns {
  const summary = summariseSamlMetadata(xml)
  if ('problem' in summary) throw new ServiceError('InvalidInput', 'Could not parse metadata')
  return {
    metadataXml: xml,
    entityId: summary.entityId,
    signingCertificates: summary.signingCertificates,
    validUntil: summary.validUntil ?? aCenturyAfter(now),
  }
}

function aCenturyAfter(date: Date): Date {
  const later = new Date(date)
  later.setUTCFullYear(later.getUTCFullYear() + 100)
  return later
}

/** The assertion encryption parameters of CreateSAMLProvider / UpdateSAMLProvider. */
export interface EncryptionParameters {
  readonly mode: 'Required' | 'Allowed' | undefined
  readonly addPrivateKey: boolean
  readonly removePrivateKey: boolean
}

export function encryptionParameters(params: QueryParams, update: boolean): EncryptionParameters {
  return {
    mode: optionalEnum(params, 'AssertionEncryptionMode', ['Required', 'Allowed']),
    addPrivateKey: unechoedString(params, 'AddPrivateKey', PRIVATE_KEY, false) !== undefined,
    removePrivateKey: update && unechoedString(params, 'RemovePrivateKey', PRIVATE_KEY_ID, false) !== undefined,
  }
}

/**
 * stsgate does not decrypt SAML assertions, so it holds no private keys: `Allowed` (AWS's default,
 * which takes unencrypted assertions) is accepted, anything that needs a key is InvalidInput.
 */
export function refuseEncryption(encryption: EncryptionParameters): void {
  const unsupported = encryption.mode === 'Required' ? 'AssertionEncryptionMode Required'
    : encryption.addPrivateKey ? 'AddPrivateKey'
      : encryption.removePrivateKey ? 'RemovePrivateKey'
        : undefined
  if (unsupported) {
    throw new ServiceError('InvalidInput', `stsgate does not decrypt SAML assertions and keeps no private keys: ${unsupported} is not supported.`)
  }
}
