import type { IamDeps } from '../iam/iam-deps.ts'
import { iamActionList } from '../iam/registry.ts'
import type { ActionDefinition } from './action.ts'
import { assumeRole } from './actions/assume-role.ts'
import { assumeRoleWithSaml, type SamlDeps } from './actions/assume-role-with-saml.ts'
import { assumeRoleWithWebIdentity, type WebIdentityDeps } from './actions/assume-role-with-web-identity.ts'
import { decodeAuthorizationMessage } from './actions/decode-authorization-message.ts'
import { getAccessKeyInfo } from './actions/get-access-key-info.ts'
import { getCallerIdentity } from './actions/get-caller-identity.ts'
import { getFederationToken } from './actions/get-federation-token.ts'
import { getSessionToken } from './actions/get-session-token.ts'
import type { MessageKeys } from './authorization-message.ts'
import type { IssuingDeps } from './issuing-deps.ts'

export type ActionRegistry = ReadonlyMap<string, ActionDefinition>

export const registryKey = (version: string, name: string) => `${version}:${name}`

export interface StsActionDeps extends IssuingDeps, Omit<WebIdentityDeps, keyof IssuingDeps>, Omit<SamlDeps, keyof IssuingDeps> {
  readonly accountOfStoredKey: (accessKeyId: string) => Promise<string | undefined>
  readonly messageKeys: MessageKeys
}

/** Every action the endpoint serves, STS's and IAM's, keyed by `${Version}:${Action}`. */
export function actionRegistry(deps: StsActionDeps, iam: IamDeps): ActionRegistry {
  const actions = [
    ...iamActionList(iam),
    getCallerIdentity,
    getAccessKeyInfo(deps),
    assumeRole(deps),
    assumeRoleWithWebIdentity(deps),
    assumeRoleWithSaml(deps),
    getSessionToken(deps),
    getFederationToken(deps),
    decodeAuthorizationMessage(deps),
  ] as ActionDefinition[]
  return new Map(actions.map((action) => [registryKey(action.version, action.name), action]))
}
