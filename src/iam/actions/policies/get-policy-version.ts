import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { encodedPolicyDocument } from '../../policy-documents.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arnParameter, renderVersion, versionIdParameter } from './policy-parameters.ts'

/**
 * GetPolicyVersion: one version with its document, URL-encoded as IAM sends it. Throws
 * NoSuchEntity for an unknown policy or version.
 */
export const getPolicyVersion = (deps: IamDeps) => iamAction(deps, {
  name: 'GetPolicyVersion',
  parameters: ['PolicyArn', 'VersionId'],
  parse: (params) => checkAll({ arn: () => arnParameter(params), versionId: () => versionIdParameter(params) }),
  resource: (input) => input.arn,
  run: async (input, call) => {
    const version = await deps.stores.policies.getVersion(call.caller.accountId, input.arn, input.versionId)
    return { PolicyVersion: { Document: encodedPolicyDocument(version.document), ...renderVersion(version) } }
  },
})
