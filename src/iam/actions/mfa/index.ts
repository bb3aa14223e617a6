import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'

/** The IAM mfa actions. */
export function mfaActions(deps: IamDeps): ActionDefinition[] {
  void deps
  return []
}
