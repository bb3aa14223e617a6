import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** The IAM simulation actions. */
export function simulationActions(deps: IamDeps): ActionDefinition[] {
  void deps
  return []
}
