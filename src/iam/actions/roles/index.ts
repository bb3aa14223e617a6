import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** The IAM roles actions. */
export function roleActions(deps: IamDeps): ActionDefinition[] {
  void deps
  return []
}
