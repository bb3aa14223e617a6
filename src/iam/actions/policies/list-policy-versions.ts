import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { pageOf, pageRequest, pageResult } from '../../pagination.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, renderVersion } from './policy-parameters.ts'

const versionNumber = (versionId: string) => Number(/^v(\d+)/.exec(versionId)?.[1] ?? 0)

/**
 * ListPolicyVersions: a policy's versions, newest first, without their documents, paged. A
 * policy has at most five, so a page is cut from all of them; the marker is the last version
 * listed, and the next page starts at the next older one (even if that one was deleted meanwhile).
 * Throws NoSuchEntity.
 */
export const listPolicyVersions = (deps: IamDeps) => iamAction(deps, {
  name: 'ListPolicyVersions',
  parameters: ['PolicyArn', 'Marker', 'MaxItems'],
  parse: (params) => checkAll({ arn: () => arnParameter(params), page: () => pageRequest(params) }),
  resource: (input) => input.arn,
  run: async (input, call) => {
    const versions = await deps.stores.policies.listVersions(call.caller.accountId, input.arn)
    const { after } = input.page
    const rest = after === undefined ? versions : versions.filter((version) => versionNumber(version.versionId) < versionNumber(after))
    return pageResult('Versions', pageOf(rest, input.page, (version) => version.versionId), renderVersion)
  },
})
