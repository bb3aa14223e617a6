import { checkAll } from '../../../protocol/validation-error.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { isProviderArnOf, noSuchProvider, providerArnParameter } from './provider-arn.ts'

/** DeleteOpenIDConnectProvider. Throws NoSuchEntity `OpenId connect Provider … cannot be found.` */
export function deleteOidcProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'DeleteOpenIDConnectProvider',
    parameters: ['OpenIDConnectProviderArn'],
    parse: (params) => checkAll({ arn: () => providerArnParameter(params, 'oidc') }),
    resource: (input) => input.arn,
    async run(input, call) {
      const accountId = call.caller.accountId
      const deleted = isProviderArnOf(input.arn, 'oidc', accountId) && await deps.stores.providers.deleteOidc(accountId, input.arn)
      if (!deleted) throw noSuchProvider('oidc', input.arn, 'delete')
      return {}
    },
  })
}
