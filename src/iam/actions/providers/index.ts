import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** The IAM providers actions. */
export function providerActions(deps: IamDeps): ActionDefinition[] {
  void deps
  return []
}
