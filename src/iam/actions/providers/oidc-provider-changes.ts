import { checkAll } from '../../../protocol/validation-error.ts'
import type { OidcChange, OidcProviderRow } from '../../../storage/iam/provider-store.ts'
import type { IamCall } from '../../iam-action.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { requiredString } from '../../iam-parameters.ts'
import { checkThumbprintCount, CLIENT_ID_RULE, CLIENT_IDS_PER_PROVIDER, clientIdQuota, thumbprintList } from './oidc-parameters.ts'
import { isProviderArnOf, noSuchProvider, providerArnParameter } from './provider-arn.ts'

// The three actions that change an existing OIDC provider's audiences or thumbprints: each is a
// read-modify-write of one row, under its lock (ProviderStore.changeOidc).

async function change(deps: IamDeps, call: IamCall, arn: string, apply: (row: OidcProviderRow) => OidcChange): Promise<object> {
  const accountId = call.caller.accountId
  if (!isProviderArnOf(arn, 'oidc', accountId) || !(await deps.stores.providers.changeOidc(accountId, arn, apply))) throw noSuchProvider('oidc', arn)
  return {}
}

const clientIdInput = (params: Parameters<typeof requiredString>[0]) => checkAll({
  clientId: () => requiredString(params, 'ClientID', CLIENT_ID_RULE),
  arn: () => providerArnParameter(params, 'oidc'),
})

/** AddClientIDToOpenIDConnectProvider: idempotent. Throws NoSuchEntity, LimitExceeded past 100 client ids. */
export function addClientIdToOidcProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'AddClientIDToOpenIDConnectProvider',
    parameters: ['OpenIDConnectProviderArn', 'ClientID'],
    parse: clientIdInput,
    resource: (input) => input.arn,
    run: (input, call) => change(deps, call, input.arn, (row) => {
      if (row.clientIds.includes(input.clientId)) return {}
      if (row.clientIds.length >= CLIENT_IDS_PER_PROVIDER) throw clientIdQuota()
      return { clientIds: [...row.clientIds, input.clientId] }
    }),
  })
}

/** RemoveClientIDFromOpenIDConnectProvider: idempotent (an unknown client id is no error). Throws NoSuchEntity. */
export function removeClientIdFromOidcProvider(deps: IamDeps) {
  return iamAction(deps, {
    name: 'RemoveClientIDFromOpenIDConnectProvider',
    parameters: ['OpenIDConnectProviderArn', 'ClientID'],
    parse: clientIdInput,
    resource: (input) => input.arn,
    run: (input, call) => change(deps, call, input.arn, (row) => ({ clientIds: row.clientIds.filter((id) => id !== input.clientId) })),
  })
}

/** UpdateOpenIDConnectProviderThumbprint: replaces the whole list. Throws NoSuchEntity, InvalidInput (more than 5). */
export function updateOidcProviderThumbprint(deps: IamDeps) {
  return iamAction(deps, {
    name: 'UpdateOpenIDConnectProviderThumbprint',
    parameters: ['OpenIDConnectProviderArn', 'ThumbprintList'],
    parse(params) {
      const input = checkAll({ arn: () => providerArnParameter(params, 'oidc'), thumbprints: () => thumbprintList(params, true) })
      checkThumbprintCount(input.thumbprints)
      return input
    },
    resource: (input) => input.arn,
    run: (input, call) => change(deps, call, input.arn, () => ({ thumbprints: input.thumbprints })),
  })
}
