import type { ActionDefinition } from '../../../sts/action.ts'
import { checkString } from '../../../protocol/string-parameters.ts'
import { checkAll, validationError } from '../../../protocol/validation-error.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { principalPolicies } from './principal-policies.ts'
import { inputPolicy, simulatedCaller } from './simulate-custom-policy.ts'
import { simulate } from './simulate.ts'
import { SIMULATION_PARAMETERS, simulationParameters, type SimulationParameters } from './simulation-parameters.ts'
import { simulationResult } from './simulation-result.ts'

interface SimulatePrincipalPolicyInput extends SimulationParameters {
  readonly policySourceArn: string
}

// arnType of the IAM model: 20 to 2048 characters.
const ARN_TYPE = { min: 20, max: 2048 } as const

/**
 * SimulatePrincipalPolicy (IAM API Reference): the user's or role's inline and attached policies
 * and permissions boundary, plus PolicyInputList; a PermissionsBoundaryPolicyInputList replaces
 * the stored boundary. The caller defaults to the user named. Authorized as
 * `iam:SimulatePrincipalPolicy` on PolicySourceArn. Throws ValidationError,
 * MalformedPolicyDocument, InvalidInput, NoSuchEntity.
 */
export function simulatePrincipalPolicy(deps: IamDeps): ActionDefinition {
  return iamAction(deps, {
    name: 'SimulatePrincipalPolicy',
    parameters: ['PolicySourceArn', ...SIMULATION_PARAMETERS],
    parse: (params): SimulatePrincipalPolicyInput => {
      const checked = checkAll({
        policySourceArn: () => {
          const value = params.get('PolicySourceArn')
          if (value === undefined) throw validationError([{ value, member: 'policySourceArn', constraint: 'not be null' }])
          return checkString(value, 'policySourceArn', ARN_TYPE)
        },
        rest: () => simulationParameters(params, false),
      })
      return { ...checked.rest, policySourceArn: checked.policySourceArn }
    },
    resource: (input) => input.policySourceArn,
    run: async (input) => {
      const source = await principalPolicies(deps, input.policySourceArn)
      const results = simulate({
        identity: [...source.identity, ...input.policyInputs.map((policy, index) => inputPolicy(policy, `PolicyInputList.${index + 1}`))],
        boundary: input.boundaryInput ? inputPolicy(input.boundaryInput, 'PermissionsBoundaryPolicyInputList.1') : source.boundary,
        resourcePolicy: input.resourcePolicy && { ...input.resourcePolicy, sourceId: 'ResourcePolicy', sourceType: 'resource' },
        principal: simulatedCaller(input, source.accountId, source.userArn),
        resourceOwner: input.resourceOwner,
        actionNames: input.actionNames,
        resourceArns: input.resourceArns,
        context: input.context,
      })
      return simulationResult(results, input.page)
    },
  }) as ActionDefinition
}
