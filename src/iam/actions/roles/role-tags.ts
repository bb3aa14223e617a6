import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { iamTags, mergeTags, removeTags, requestTagMap, tagKeys } from '../../iam-parameters.ts'
import { pageRequest, pageResult, tagPage } from '../../pagination.ts'
import { roleKey, roleNameParameter, roleResource } from './role-parameters.ts'

// A role's tags: TagRole, UntagRole, ListRoleTags (at most 50, keys without case).

/** IAM TagRole: adds tags or changes their values. Throws NoSuchEntity, LimitExceeded past 50, InvalidInput for duplicate keys. */
export const tagRole = (deps: IamDeps) => iamAction(deps, {
  name: 'TagRole',
  parameters: ['RoleName', 'Tags'],
  parse: (params) => checkAll({ roleName: () => roleNameParameter(params), tags: () => iamTags(params) }),
  conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.changeTags(roleKey(caller, input.roleName), (tags) => mergeTags(tags, input.tags, 'TagsPerRole'))
    return {}
  },
})

/** IAM UntagRole: removes tags by key (unknown keys are ignored). Throws NoSuchEntity. */
export const untagRole = (deps: IamDeps) => iamAction(deps, {
  name: 'UntagRole',
  parameters: ['RoleName', 'TagKeys'],
  parse: (params) => checkAll({ roleName: () => roleNameParameter(params), keys: () => tagKeys(params) }),
  conditions: (input, context) => { if (input.keys.length > 0) context.set('aws:TagKeys', input.keys, { multiValued: true }) },
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    await deps.stores.roles.changeTags(roleKey(caller, input.roleName), (tags) => removeTags(tags, input.keys))
    return {}
  },
})

/** IAM ListRoleTags: sorted by key, paged. Throws NoSuchEntity. */
export const listRoleTags = (deps: IamDeps) => iamAction(deps, {
  name: 'ListRoleTags',
  parameters: ['RoleName', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({ roleName: () => roleNameParameter(params), page: () => pageRequest(params) }),
  resource: (input, caller) => roleResource(deps.stores.roles, caller, input.roleName),
  run: async (input, { caller }) => {
    const role = await deps.stores.roles.get(roleKey(caller, input.roleName))
    return pageResult('Tags', tagPage(role.tags, input.page, 'key'), (tag) => tag)
  },
})
