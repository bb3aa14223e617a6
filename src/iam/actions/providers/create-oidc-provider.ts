import { ServiceError } from '../../../errors.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arns } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { type IamTag, iamTags, requestTagMap } from '../../iam-parameters.ts'
import {
  checkProviderUrl, checkThumbprintCount, CLIENT_IDS_PER_PROVIDER, clientIdList, clientIdQuota, OIDC_PROVIDERS_PER_ACCOUNT, thumbprintList, urlParameter,
} from './oidc-parameters.ts'
import { sortedTags } from './provider-tags.ts'

interface Input {
  readonly url: string
  readonly clientIds: string[]
  readonly thumbprints: string[]
  readonly tags: IamTag[]
}

/**
 * CreateOpenIDConnectProvider: registers an issuer, ARN `oidc-provider/<URL without scheme>`
 * (a trailing slash kept, so `…/tenant` and `…/tenant/` are two providers), authorized on that
 * ARN. Thumbprints are optional and kept as given (stsgate verifies tokens against the issuer's
 * JWKS). Throws ValidationError / InvalidInput (URL, thumbprints), LimitExceeded (100
 * client ids, 100 providers per account), EntityAlreadyExists `Provider with url … already exists.`
 */
export function createOidcProvider(deps: IamDeps) {
  return iamAction<Input, { OpenIDConnectProviderArn: string; Tags?: IamTag[] }>(deps, {
    name: 'CreateOpenIDConnectProvider',
    parameters: ['Url', 'ClientIDList', 'ThumbprintList', 'Tags'],
    parse(params) {
      // Members in AWS's order of report: clientIDList, tags, thumbprintList, url.
      const input = checkAll({
        clientIds: () => clientIdList(params),
        tags: () => iamTags(params),
        thumbprints: () => thumbprintList(params, false),
        url: () => urlParameter(params),
      })
      checkProviderUrl(input.url)
      checkThumbprintCount(input.thumbprints)
      if (input.clientIds.length > CLIENT_IDS_PER_PROVIDER) throw clientIdQuota()
      return input
    },
    resource: (input, caller) => arns.oidcProvider(caller.accountId, input.url),
    conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
    async run(input, call) {
      const accountId = call.caller.accountId
      const arn = arns.oidcProvider(accountId, input.url)
      const created = await deps.stores.providers.createOidc({
        arn, accountId, url: input.url, clientIds: input.clientIds, thumbprints: input.thumbprints, tags: input.tags,
      }, OIDC_PROVIDERS_PER_ACCOUNT)
      if (created === 'exists') throw new ServiceError('EntityAlreadyExists', `Provider with url ${input.url} already exists.`)
      if (created === 'quota') throw new ServiceError('LimitExceeded', `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${OIDC_PROVIDERS_PER_ACCOUNT}`)
      return { OpenIDConnectProviderArn: arn, ...(input.tags.length > 0 && { Tags: sortedTags(input.tags) }) }
    },
    auditResponse: (result) => ({ openIDConnectProviderArn: result.OpenIDConnectProviderArn }),
  })
}
