import { ServiceError } from '../../../errors.ts'
import type { ActionDefinition } from '../../../sts/action.ts'
import { checkAll } from '../../../protocol/validation-error.ts'
import { arns } from '../../arns.ts'
import { iamAction } from '../../iam-action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { IAM_RULES, type IamTag, iamTags, optionalString, requestTagMap, requiredString } from '../../iam-parameters.ts'
import { newSeed, seedQrCode } from './seed.ts'

export interface CreateVirtualMfaDeviceInput {
  readonly name: string
  readonly path: string
  readonly tags: IamTag[]
}

export interface CreateVirtualMfaDeviceResult {
  readonly VirtualMFADevice: {
    readonly SerialNumber: string
    /** Blob: base64 of the Base32 seed's characters, as AWS sends it. */
    readonly Base32StringSeed: string
    /** Blob: base64 of the PNG. */
    readonly QRCodePNG: string
    readonly Tags?: IamTag[]
  }
}

/**
 * CreateVirtualMFADevice: a new, unassigned virtual device with a fresh seed, sealed at rest.
 * The seed and its QR code are returned this once and never again (no action reads them back).
 * Authorized on `mfa/PATH/NAME`. Throws EntityAlreadyExists when the account has a device of
 * that name (names compare without case), ValidationError for malformed parameters.
 */
export function createVirtualMfaDevice(deps: IamDeps): ActionDefinition<CreateVirtualMfaDeviceInput, CreateVirtualMfaDeviceResult> {
  return iamAction(deps, {
    name: 'CreateVirtualMFADevice',
    parameters: ['VirtualMFADeviceName', 'Path', 'Tags'],
    parse: (params) => checkAll({
      path: () => optionalString(params, 'Path', IAM_RULES.path) ?? '/',
      name: () => requiredString(params, 'VirtualMFADeviceName', IAM_RULES.mfaDeviceName),
      tags: () => iamTags(params),
    }),
    resource: (input, caller) => arns.mfa(caller.accountId, input.path, input.name),
    conditions: (input, context) => { context.requestTags(requestTagMap(input.tags)) },
    async run(input, { caller }) {
      const serialNumber = arns.mfa(caller.accountId, input.path, input.name)
      const seed = newSeed()
      // The QR code first: nothing is written unless the whole answer can be made.
      const accountName = (await deps.stores.mfa.accountAlias(caller.accountId)) ?? caller.accountId
      const qrCode = await seedQrCode(input.name, accountName, seed)
      const created = await deps.stores.mfa.create({ accountId: caller.accountId, serialNumber, name: input.name, path: input.path, seed, tags: input.tags })
      if (!created) throw new ServiceError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.')
      return {
        VirtualMFADevice: {
          SerialNumber: serialNumber,
          Base32StringSeed: Buffer.from(seed, 'ascii').toString('base64'),
          QRCodePNG: qrCode.toString('base64'),
          ...(input.tags.length > 0 && { Tags: input.tags }),
        },
      }
    },
    // Only the serial number: the seed is a secret (CloudTrail records no more).
    auditResponse: (result) => ({ virtualMFADevice: { serialNumber: result.VirtualMFADevice.SerialNumber } }),
  })
}
