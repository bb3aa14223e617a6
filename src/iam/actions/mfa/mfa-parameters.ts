import { ServiceError } from '../../../errors.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { IAM_RULES, optionalString, requiredString } from '../../iam-parameters.ts'

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

export const noSuchDevice = (serial: string) => new ServiceError('NoSuchEntity', `VirtualMFADevice with serial number ${serial} does not exist.`)
/** The device exists but is not enabled for this user (DeactivateMFADevice, ResyncMFADevice). */
export const notUsersDevice = () => new ServiceError('NoSuchEntity', 'MFA Device invalid for user.')
export const invalidCodes = () => new ServiceError('InvalidAuthenticationCode', 'Authentication code for device is not valid.')
