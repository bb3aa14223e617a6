import { checkAll, validationError } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, type IamTag, iamTags, mergeTags, removeTags, requestTagMap, requiredString, storedTags, tagKeys } from '../../iam-parameters.ts'
import { pageRequest, type PageRequest, pageResult, tagPage } from '../../pagination.ts'
import { namedUser, userResource } from '../../user-lookup.ts'

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
  conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
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
    return pageResult('Tags', tagPage(storedTags(user.tags), input.page, 'added'), (tag) => tag)
  },
})
