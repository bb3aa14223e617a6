import { ServiceError } from '../../../errors.ts'
import { principals, type RequestPrincipal } from '../../../policy/index.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { parseIamArn } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { simulate, type SimulationPolicy } from './simulate.ts'
import { SIMULATION_PARAMETERS, simulationParameters, type InputPolicy, type SimulationParameters } from './simulation-parameters.ts'
import { simulationResult } from './simulation-result.ts'

/** Policies given in the request are named by their parameter and position, as IAM names them. */
export const inputPolicy = (policy: InputPolicy, sourceId: string): SimulationPolicy => ({ ...policy, sourceId, sourceType: 'IAM Policy' })

/**
 * The simulated caller: CallerArn's user, or a caller of `account` that no resource policy can
 * name. CallerArn is "required if you include a ResourcePolicy so that the policy's Principal
 * element has a value" (SimulateCustomPolicy, CallerArn); InvalidInput otherwise.
 */
export function simulatedCaller(input: SimulationParameters, account: string, defaultArn?: string): RequestPrincipal {
  const arn = input.callerArn ?? defaultArn
  const user = arn === undefined ? undefined : parseIamArn(arn, 'user')
  if (user) return principals.user(user.accountId, user.path, user.name)
  if (input.resourcePolicy) throw new ServiceError('InvalidInput', 'CallerArn is required when the simulation includes a ResourcePolicy: it is the principal the policy is evaluated for.')
  return { type: 'user', accountId: account, arn: undefined }
}

/**
 * SimulateCustomPolicy (IAM API Reference): decides each action on each resource with the given
 * identity policies, permissions boundary and resource policy, without storage. Authorized as
 * `iam:SimulateCustomPolicy` on `*`. Throws ValidationError, MalformedPolicyDocument, InvalidInput.
 */
export function simulateCustomPolicy(deps: IamDeps): ActionDefinition {
  return iamAction(deps, {
    name: 'SimulateCustomPolicy',
    parameters: SIMULATION_PARAMETERS,
    parse: (params) => simulationParameters(params, true),
    resource: () => '*',
    run: async (input, call) => {
      const results = simulate({
        identity: input.policyInputs.map((policy, index) => inputPolicy(policy, `PolicyInputList.${index + 1}`)),
        boundary: input.boundaryInput && inputPolicy(input.boundaryInput, 'PermissionsBoundaryPolicyInputList.1'),
        resourcePolicy: input.resourcePolicy && { ...input.resourcePolicy, sourceId: 'ResourcePolicy', sourceType: 'resource' },
        principal: simulatedCaller(input, call.caller.accountId),
        resourceOwner: input.resourceOwner,
        actionNames: input.actionNames,
        resourceArns: input.resourceArns,
        context: input.context,
      })
      return simulationResult(results, input.page)
    },
  }) as ActionDefinition
}
