import { checkAll } from '../../../protocol/validation-error.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, optionalString } from '../../iam-parameters.ts'
import { pageOf, pageRequest, pageResult, type PageRequest } from '../../pagination.ts'
import { userResource } from '../../user-lookup.ts'
import { keyOwner } from './key-owner.ts'
import { accessKeyMetadataView } from './user-view.ts'

interface Input { userName: string | undefined; page: PageRequest }

/**
 * ListAccessKeys: the keys of the named user, or of the caller (an IAM user or the root user),
 * without secrets, in key id order, paged. NoSuchEntity when the user does not exist.
 */
export const listAccessKeys = (deps: IamDeps) => iamAction(deps, {
  name: 'ListAccessKeys',
  parameters: ['UserName', 'Marker', 'MaxItems'],
  parse: (params): Input => checkAll({
    userName: () => optionalString(params, 'UserName', IAM_RULES.existingUserName),
    page: () => pageRequest(params),
  }),
  resource: (input, caller) => userResource(deps.stores.users, caller, input.userName, 'long-term-key'),
  run: async (input, { caller }) => {
    const { owner } = await keyOwner(deps.stores.users, caller, input.userName)
    const keys = await deps.stores.users.listAccessKeys(caller.accountId, owner, input.page.after, input.page.maxItems + 1)
    return pageResult('AccessKeyMetadata', pageOf(keys, input.page, (key) => key.id), accessKeyMetadataView)
  },
})
