import { checkAll } from '../../../protocol/validation-error.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { isProviderArnOf, noSuchProvider, providerArnParameter } from './provider-arn.ts'
import { sortedTags } from './provider-tags.ts'
import { samlProviderUuid } from './saml-provider-uuid.ts'

/**
 * GetSAMLProvider: the metadata document as uploaded, its validity and the tags. stsgate never
 * decrypts assertions: the mode is always `Allowed` and there are no private keys. Throws
 * NoSuchEntity (`Manifest not found for arn …`).
 */
export function getSamlProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'GetSAMLProvider',
    parameters: ['SAMLProviderArn'],
    parse: (params) => checkAll({ arn: () => providerArnParameter(params, 'saml') }),
    resource: (input) => input.arn,
    async run(input, call) {
      const accountId = call.caller.accountId
      const provider = isProviderArnOf(input.arn, 'saml', accountId) ? await deps.stores.providers.getSaml(accountId, input.arn) : undefined
      if (!provider) throw noSuchProvider('saml', input.arn)
      return {
        SAMLProviderUUID: samlProviderUuid(provider.arn, provider.createdAt),
        SAMLMetadataDocument: provider.metadataXml,
        CreateDate: provider.createdAt,
        ValidUntil: provider.validUntil,
        Tags: sortedTags(provider.tags),
        AssertionEncryptionMode: 'Allowed',
        PrivateKeyList: [],
      }
    },
  })
}
