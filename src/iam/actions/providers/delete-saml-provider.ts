import { checkAll } from '../../../protocol/validation-error.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { isProviderArnOf, noSuchProvider, providerArnParameter } from './provider-arn.ts'

/**
 * DeleteSAMLProvider. Roles that trust the provider keep their trust policies, as on AWS: a
 * provider created again under the same name is trusted again. Throws NoSuchEntity.
 */
export function deleteSamlProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'DeleteSAMLProvider',
    parameters: ['SAMLProviderArn'],
    parse: (params) => checkAll({ arn: () => providerArnParameter(params, 'saml') }),
    resource: (input) => input.arn,
    async run(input, call) {
      const accountId = call.caller.accountId
      const deleted = isProviderArnOf(input.arn, 'saml', accountId) && await deps.stores.providers.deleteSaml(accountId, input.arn)
      if (!deleted) throw noSuchProvider('saml', input.arn)
      return {}
    },
  })
}
