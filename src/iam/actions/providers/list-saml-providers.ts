import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** ListSAMLProviders: every SAML provider of the account (not paged on AWS), authorized on `*`. */
export function listSamlProviders(deps: IamDeps) {
  return iamAction(deps, {
    name: 'ListSAMLProviders',
    parameters: [],
    parse: () => ({}),
    resource: () => '*',
    async run(_input, call) {
      const providers = await deps.stores.providers.listSaml(call.caller.accountId)
      return { SAMLProviderList: providers.map((p) => ({ Arn: p.arn, ValidUntil: p.validUntil, CreateDate: p.createdAt })) }
    },
  })
}
