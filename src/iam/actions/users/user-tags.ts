import { checkAll, validationError } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, iamTags, mergeTags, removeTags, requiredString, storedTags, tagKeys, type IamTag } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult, type PageRequest } from '../../pagination.ts'
import { namedUser, userResource } from './user-target.ts'

/**
 * TagUser, UntagUser, ListUserTags. Keys are compared without case; a key already there takes
 * the new value. More than 50 tags on a user is LimitExceeded (`TagsPerUser`). NoSuchEntity when
 * the user does not exist.
 */
export const tagUser = (deps: IamDeps) => iamAction<{ userName: string; tags: IamTag[] }, object>(deps, {
  name: 'TagUser',
  parameters: ['UserName', 'Tags'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    tags: () => {
      if (params.structList('Tags', ['Key', 'Value']) === undefined) throw validationError([{ value: undefined, member: 'tags', constraint: 'not be null' }])
      return iamTags(params)
    },
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
  conditions: (input, context) => { context.requestTags(Object.fromEntries(input.tags.map((tag) => [tag.Key, tag.Value]))) },
  run: async (input, { caller }) => {
    await deps.stores.users.changeTags(caller.accountId, input.userName, (current) => mergeTags(storedTags(current), input.tags, 'TagsPerUser'))
    return {}
  },
})

export const untagUser = (deps: IamDeps) => iamAction<{ userName: string; tagKeys: string[] }, object>(deps, {
  name: 'UntagUser',
  parameters: ['UserName', 'TagKeys'],
  parse: (params) => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    tagKeys: () => tagKeys(params),
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
  conditions: (input, context) => { if (input.tagKeys.length > 0) context.set('aws:TagKeys', input.tagKeys, { multiValued: true }) },
  run: async (input, { caller }) => {
    await deps.stores.users.changeTags(caller.accountId, input.userName, (current) => removeTags(storedTags(current), input.tagKeys))
    return {}
  },
})

/** Tags in the order they were added; the marker is the position of the last one returned. */
export const listUserTags = (deps: IamDeps) => iamAction(deps, {
  name: 'ListUserTags',
  parameters: ['UserName', 'Marker', 'MaxItems'],
  parse: (params): { userName: string; page: PageRequest } => checkAll({
    userName: () => requiredString(params, 'UserName', IAM_RULES.existingUserName),
    page: () => pageRequest(params),
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName),
  run: async (input, { caller }) => {
    const user = await namedUser(deps.stores.users, caller, input.userName)
    const positioned = storedTags(user.tags).map((tag, index) => ({ tag, position: String(index).padStart(4, '0') }))
    const after = input.page.after
    const rows = positioned.filter((row) => after === undefined || row.position > after).slice(0, input.page.maxItems + 1)
    return pageResult('Tags', pageOf(rows, input.page, (row) => row.position), (row) => row.tag)
  },
})
