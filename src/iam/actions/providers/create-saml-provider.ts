import { ServiceError } from '../../../errors.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arns } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { type IamTag, iamTags, requestTagMap, requiredString } from '../../iam-parameters.ts'
import { sortedTags } from './provider-tags.ts'
import {
  encryptionParameters, metadataColumns, metadataParameter, refuseEncryption, SAML_PROVIDER_NAME, SAML_PROVIDERS_PER_ACCOUNT, type EncryptionParameters,
} from './saml-parameters.ts'

interface Input {
  readonly name: string
  readonly metadata: string
  readonly tags: IamTag[]
  readonly encryption: EncryptionParameters
}

/**
 * CreateSAMLProvider: registers an IdP from its SAML metadata, authorized on the new provider's
 * ARN. Throws InvalidInput (`Could not parse metadata`, encryption stsgate does not do),
 * EntityAlreadyExists (`Provider with name … already exists.`, names compared without case),
 * LimitExceeded (100 per account).
 */
export function createSamlProvider(deps: IamDeps) {
  return iamAction<Input, { SAMLProviderArn: string; Tags?: IamTag[] }>(deps, {
    name: 'CreateSAMLProvider',
    parameters: ['Name', 'SAMLMetadataDocument', 'Tags', 'AssertionEncryptionMode', 'AddPrivateKey'],
    parse: (params) => checkAll({
      encryption: () => encryptionParameters(params, false),
      name: () => requiredString(params, 'Name', SAML_PROVIDER_NAME),
      metadata: () => metadataParameter(params, true)!,
      tags: () => iamTags(params),
    }),
    resource: (input, caller) => arns.samlProvider(caller.accountId, input.name),
    conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
    async run(input, call) {
      refuseEncryption(input.encryption)
      const accountId = call.caller.accountId
      const arn = arns.samlProvider(accountId, input.name)
      const created = await deps.stores.providers.createSaml({
        arn, accountId, name: input.name, ...metadataColumns(input.metadata, call.now), tags: input.tags,
      }, SAML_PROVIDERS_PER_ACCOUNT)
      if (created === 'exists') throw new ServiceError('EntityAlreadyExists', `Provider with name ${input.name} already exists.`)
      if (created === 'quota') throw new ServiceError('LimitExceeded', `Cannot exceed quota for SAMLProvidersPerAccount: ${SAML_PROVIDERS_PER_ACCOUNT}`)
      return { SAMLProviderArn: arn, ...(input.tags.length > 0 && { Tags: sortedTags(input.tags) }) }
    },
    auditResponse: (result) => ({ samlProviderArn: result.SAMLProviderArn }),
  })
}
