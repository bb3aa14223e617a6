import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** The IAM policies actions. */
export function policyActions(deps: IamDeps): ActionDefinition[] {
  void deps
  return []
}
