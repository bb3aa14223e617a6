import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { simulateCustomPolicy } from './simulate-custom-policy.ts'
import { simulatePrincipalPolicy } from './simulate-principal-policy.ts'

/** The IAM simulation actions: the policy engine's decisions, explained. */
export function simulationActions(deps: IamDeps): ActionDefinition[] {
  return [simulateCustomPolicy(deps), simulatePrincipalPolicy(deps)]
}
