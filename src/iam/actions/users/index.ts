import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** The IAM users actions. */
export function userActions(deps: IamDeps): ActionDefinition[] {
  void deps
  return []
}
