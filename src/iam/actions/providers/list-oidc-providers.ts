import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** ListOpenIDConnectProviders: the ARN of every OIDC provider of the account, authorized on `*`. */
export function listOidcProviders(deps: IamDeps) {
  return iamAction(deps, {
    name: 'ListOpenIDConnectProviders',
    parameters: [],
    parse: () => ({}),
    resource: () => '*',
    async run(_input, call) {
      const providers = await deps.stores.providers.listOidc(call.caller.accountId)
      return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) }
    },
  })
}
