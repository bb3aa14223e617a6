import { RequestContextBuilder } from '../../../policy/index.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { iamAction } from '../../iam-action.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'
import { arns } from '../../arns.ts'

interface Input { accessKeyId: string }

/**
 * GetAccessKeyLastUsed: when, for which service and from which region the key last signed a
 * verified request (recorded by usage-tracker.ts, at most once a minute per key). A key never
 * used reads ServiceName and Region `N/A` without a date, as AWS answers. Authorized on the
 * owning user's ARN (the root's for a root key). A key that is not in the caller's account is
 * refused with AccessDenied on `access key <id>` (the API models no NoSuchEntity here), so the
 * answer does not tell whether the key exists elsewhere.
 */
export const getAccessKeyLastUsed = (deps: IamDeps) => iamAction(deps, {
  name: 'GetAccessKeyLastUsed',
  parameters: ['AccessKeyId'],
  parse: (params): Input => ({ accessKeyId: requiredString(params, 'AccessKeyId', IAM_RULES.accessKeyId) }),
  resource: async (input, caller) => {
    const key = await deps.stores.users.findAccessKey(caller.accountId, input.accessKeyId)
    if (!key) {
      const request = { action: 'iam:GetAccessKeyLastUsed', resource: `access key ${input.accessKeyId}`, context: new RequestContextBuilder().build() }
      throw await deps.authorizer.deny(caller, request, 'the access key is not in the caller\'s account')
    }
    return key.userName === undefined ? `arn:aws:iam::${caller.accountId}:root` : arns.user(caller.accountId, key.userPath ?? '/', key.userName)
  },
  run: async (input, { caller }) => {
    const key = await deps.stores.users.findAccessKey(caller.accountId, input.accessKeyId)
    return {
      UserName: key?.userName,
      AccessKeyLastUsed: key?.lastUsedAt
        ? { LastUsedDate: key.lastUsedAt, ServiceName: key.lastUsedService ?? 'N/A', Region: key.lastUsedRegion ?? 'N/A' }
        : { ServiceName: 'N/A', Region: 'N/A' },
    }
  },
})
