import type { ActionDefinition } from './action.ts'
import { getAccessKeyInfo, type GetAccessKeyInfoDeps } from './actions/get-access-key-info.ts'
import { getCallerIdentity } from './actions/get-caller-identity.ts'

export type ActionRegistry = ReadonlyMap<string, ActionDefinition>

export const registryKey = (version: string, name: string) => `${version}:${name}`

/** Every action the endpoint serves, keyed by `${Version}:${Action}`. */
export function actionRegistry(deps: GetAccessKeyInfoDeps): ActionRegistry {
  const actions: ActionDefinition[] = [getCallerIdentity, getAccessKeyInfo(deps) as ActionDefinition]
  return new Map(actions.map((action) => [registryKey(action.version, action.name), action]))
}
