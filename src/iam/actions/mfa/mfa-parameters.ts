import { ServiceError } from '../../../errors.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import type { MfaUser } from '../../../storage/iam/mfa-store.ts'
import type { Caller } from '../../../sts/caller.ts'
import { arns } from '../../arns.ts'
import { IAM_RULES, optionalString, requiredString } from '../../iam-parameters.ts'
import type { IamDeps } from '../../iam-deps.ts'

// What the MFA actions share: their parameters, the user they act on, and IAM's words for
// what went wrong (IAM API Reference, each action's "Errors").

export const serialNumber = (params: QueryParams) => requiredString(params, 'SerialNumber', IAM_RULES.serialNumber)
export const userName = (params: QueryParams) => requiredString(params, 'UserName', IAM_RULES.existingUserName)
export const optionalUserName = (params: QueryParams) => optionalString(params, 'UserName', IAM_RULES.existingUserName)
export const authenticationCode = (params: QueryParams, name: 'AuthenticationCode1' | 'AuthenticationCode2') =>
  requiredString(params, name, IAM_RULES.authenticationCode)

export interface MfaCodesInput {
  readonly userName: string
  readonly serialNumber: string
  readonly code1: string
  readonly code2: string
}

/** The parameters of EnableMFADevice and ResyncMFADevice, every constraint failure reported at once. */
export const parseMfaCodes = (params: QueryParams): MfaCodesInput => checkAll({
  userName: () => userName(params),
  serialNumber: () => serialNumber(params),
  code1: () => authenticationCode(params, 'AuthenticationCode1'),
  code2: () => authenticationCode(params, 'AuthenticationCode2'),
})

export const noSuchUser = (name: string) => new ServiceError('NoSuchEntity', `The user with name ${name} cannot be found.`)
export const noSuchDevice = (serial: string) => new ServiceError('NoSuchEntity', `VirtualMFADevice with serial number ${serial} does not exist.`)
/** The device exists but is not enabled for this user (DeactivateMFADevice, ResyncMFADevice). */
export const notUsersDevice = () => new ServiceError('NoSuchEntity', 'MFA Device invalid for user.')
export const invalidCodes = () => new ServiceError('InvalidAuthenticationCode', 'Authentication code for device is not valid.')

/** The user `name` of the caller's account; throws NoSuchEntity. */
export async function existingUser(deps: IamDeps, caller: Caller, name: string): Promise<MfaUser> {
  const user = await deps.stores.mfa.findUser(caller.accountId, name)
  if (!user) throw noSuchUser(name)
  return user
}

/**
 * The ARN a user-scoped MFA action is authorized on (`user/PATH/NAME`): the stored user's, or
 * one at `/` when there is no such user, so the caller learns that only if allowed to ask.
 */
export async function userResource(deps: IamDeps, caller: Caller, name: string): Promise<string> {
  const user = await deps.stores.mfa.findUser(caller.accountId, name)
  return user ? arns.user(caller.accountId, user.path, user.name) : arns.user(caller.accountId, '/', name)
}

/**
 * Who an action without UserName is about: IAM "determines the user name implicitly based on
 * the access key ID signing the request". The root user stands for itself (undefined here);
 * a role or federated session has no user name, and AWS refuses the call in these words.
 */
export function implicitUser(caller: Caller): { readonly name: string; readonly path: string } | undefined {
  if (caller.principal.type === 'root') return undefined
  const user = caller.principal.type === 'user' ? (caller.session ? caller.session.user : caller.user) : undefined
  if (!user) throw new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials')
  return user
}
