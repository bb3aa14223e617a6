import { ServiceError } from '../../../errors.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import type { StoredTag } from '../../../storage/iam/provider-store.ts'
import { checkAll, validationError } from '../../../protocol/validation-error.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { type IamTag, iamTags, mergeTags, removeTags, requestTagMap, tagKeys } from '../../iam-parameters.ts'
import { pageRequest, type PageRequest, pageResult, tagPage } from '../../pagination.ts'
import { ARN_PARAMETER, isProviderArnOf, noSuchProvider, providerArnParameter, type ProviderKind } from './provider-arn.ts'

/** Tags as IAM lists a provider's: sorted by key (IAM API Reference, GetOpenIDConnectProvider). */
export const sortedTags = (tags: readonly StoredTag[]): IamTag[] =>
  [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0)).map(({ Key, Value }) => ({ Key, Value }))

/**
 * Tags after TagX: same keys (case-insensitive) take the new value. Past 50, LimitExceeded in
 * the words AWS answers TagOpenIDConnectProvider with.
 */
export function withTags(existing: readonly StoredTag[], added: readonly IamTag[]): IamTag[] {
  try {
    return mergeTags(existing, added, 'TagsPerProvider')
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'LimitExceeded') throw new ServiceError('LimitExceeded', 'The number of tags has reached the maximum limit.')
    throw error
  }
}

/** How the tag actions reach one kind of provider. */
interface TaggedProviders {
  tags(accountId: string, arn: string): Promise<readonly StoredTag[] | undefined>
  /** False when there is no such provider. */
  change(accountId: string, arn: string, change: (tags: readonly StoredTag[]) => readonly StoredTag[]): Promise<boolean>
}

const NAMES = {
  saml: { tag: 'TagSAMLProvider', untag: 'UntagSAMLProvider', list: 'ListSAMLProviderTags' },
  oidc: { tag: 'TagOpenIDConnectProvider', untag: 'UntagOpenIDConnectProvider', list: 'ListOpenIDConnectProviderTags' },
} as const

function taggedProviders(deps: IamDeps, kind: ProviderKind): TaggedProviders {
  const store = deps.stores.providers
  if (kind === 'saml') {
    return {
      tags: async (accountId, arn) => (await store.getSaml(accountId, arn))?.tags,
      change: (accountId, arn, change) => store.changeSamlTags(accountId, arn, change),
    }
  }
  return {
    tags: async (accountId, arn) => (await store.getOidc(accountId, arn))?.tags,
    change: (accountId, arn, change) => store.changeOidc(accountId, arn, (row) => ({ tags: change(row.tags) })),
  }
}

/**
 * Tag…, Untag… and List…Tags of one kind of provider, authorized on the provider's ARN. Throws
 * NoSuchEntity for an unknown provider, LimitExceeded past 50 tags, InvalidInput for duplicate keys.
 */
export function providerTagActions(deps: IamDeps, kind: ProviderKind): ActionDefinition[] {
  const providers = taggedProviders(deps, kind)
  const arnParameter = ARN_PARAMETER[kind]
  const names = NAMES[kind]
  const existing = async (accountId: string, arn: string) => {
    const tags = isProviderArnOf(arn, kind, accountId) ? await providers.tags(accountId, arn) : undefined
    if (!tags) throw noSuchProvider(kind, arn)
    return tags
  }
  const changing = async (accountId: string, arn: string, change: (tags: readonly StoredTag[]) => readonly StoredTag[]) => {
    if (!isProviderArnOf(arn, kind, accountId) || !(await providers.change(accountId, arn, change))) throw noSuchProvider(kind, arn)
    return {}
  }

  const tag = iamAction<{ arn: string; tags: IamTag[] }, object>(deps, {
    name: names.tag,
    parameters: [arnParameter, 'Tags'],
    parse: (params) => checkAll({
      arn: () => providerArnParameter(params, kind),
      tags: () => {
        if (params.structList('Tags', ['Key', 'Value']) === undefined) {
          throw validationError([{ value: undefined, member: 'tags', constraint: 'not be null' }])
        }
        return iamTags(params)
      },
    }),
    resource: (input) => input.arn,
    conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
    run: (input, call) => changing(call.caller.accountId, input.arn, (tags) => withTags(tags, input.tags)),
  })

  const untag = iamAction<{ arn: string; keys: string[] }, object>(deps, {
    name: names.untag,
    parameters: [arnParameter, 'TagKeys'],
    parse: (params) => checkAll({ arn: () => providerArnParameter(params, kind), keys: () => tagKeys(params) }),
    resource: (input) => input.arn,
    conditions: (input, context) => { if (input.keys.length > 0) context.set('aws:TagKeys', input.keys, { multiValued: true }) },
    run: (input, call) => changing(call.caller.accountId, input.arn, (tags) => removeTags(tags, input.keys)),
  })

  const list = iamAction<{ arn: string; page: PageRequest }, object>(deps, {
    name: names.list,
    parameters: [arnParameter, 'Marker', 'MaxItems'],
    parse: (params) => checkAll({ arn: () => providerArnParameter(params, kind), page: () => pageRequest(params) }),
    resource: (input) => input.arn,
    async run(input, call) {
      return pageResult('Tags', tagPage(await existing(call.caller.accountId, input.arn), input.page, 'key'), (tag) => tag)
    },
  })

  return [tag, untag, list]
}
