import { checkAll } from '../../../protocol/validation-error.ts'
import { oidcProviderId } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { isProviderArnOf, noSuchProvider, providerArnParameter } from './provider-arn.ts'
import { sortedTags } from './provider-tags.ts'

/**
 * GetOpenIDConnectProvider: the provider id as `Url` (the URL without its scheme, a trailing slash
 * kept, as AWS reports it), client ids, thumbprints, creation date and tags. Throws NoSuchEntity.
 */
export function getOidcProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'GetOpenIDConnectProvider',
    parameters: ['OpenIDConnectProviderArn'],
    parse: (params) => checkAll({ arn: () => providerArnParameter(params, 'oidc') }),
    resource: (input) => input.arn,
    async run(input, call) {
      const accountId = call.caller.accountId
      const provider = isProviderArnOf(input.arn, 'oidc', accountId) ? await deps.stores.providers.getOidc(accountId, input.arn) : undefined
      if (!provider) throw noSuchProvider('oidc', input.arn)
      return {
        Url: oidcProviderId(provider.url),
        ClientIDList: [...provider.clientIds],
        ThumbprintList: [...provider.thumbprints],
        CreateDate: provider.createdAt,
        Tags: sortedTags(provider.tags),
      }
    },
  })
}
