import { checkAll } from '../../../protocol/validation-error.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { isProviderArnOf, noSuchProvider, providerArnParameter } from './provider-arn.ts'
import { encryptionParameters, metadataColumns, metadataParameter, refuseEncryption } from './saml-parameters.ts'

/**
 * UpdateSAMLProvider: replaces the metadata document (and with it the entity id, signing
 * certificates and validity). Without a document (an encryption-only update that asks for
 * nothing stsgate cannot do) nothing changes. Throws NoSuchEntity, InvalidInput.
 */
export function updateSamlProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'UpdateSAMLProvider',
    parameters: ['SAMLProviderArn', 'SAMLMetadataDocument', 'AssertionEncryptionMode', 'AddPrivateKey', 'RemovePrivateKey'],
    parse: (params) => checkAll({
      encryption: () => encryptionParameters(params, true),
      metadata: () => metadataParameter(params, false),
      arn: () => providerArnParameter(params, 'saml'),
    }),
    resource: (input) => input.arn,
    async run(input, call) {
      const accountId = call.caller.accountId
      const store = deps.stores.providers
      const known = isProviderArnOf(input.arn, 'saml', accountId)
      if (!known || !(await store.getSaml(accountId, input.arn))) throw noSuchProvider('saml', input.arn)
      refuseEncryption(input.encryption)
      if (input.metadata !== undefined) {
        const columns = metadataColumns(input.metadata, call.now)
        if (!(await store.updateSamlMetadata(accountId, input.arn, columns))) throw noSuchProvider('saml', input.arn)
      }
      return { SAMLProviderArn: input.arn }
    },
    auditResponse: (result) => ({ samlProviderArn: result.SAMLProviderArn }),
  })
}
