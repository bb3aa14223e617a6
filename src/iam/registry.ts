import type { ActionDefinition } from '../sts/action.ts'
import { userActions } from './actions/users/index.ts'
import { policyActions } from './actions/policies/index.ts'
import { roleActions } from './actions/roles/index.ts'
import { providerActions } from './actions/providers/index.ts'
import { mfaActions } from './actions/mfa/index.ts'
import { simulationActions } from './actions/simulation/index.ts'
import type { IamDeps } from './iam-deps.ts'

/** Every IAM action (Version 2010-05-08) the endpoint serves. */
export function iamActionList(deps: IamDeps): ActionDefinition[] {
  return [...userActions(deps), ...policyActions(deps), ...roleActions(deps), ...providerActions(deps), ...mfaActions(deps), ...simulationActions(deps)]
}
