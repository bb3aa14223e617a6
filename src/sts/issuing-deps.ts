import type { SealingKey } from '../credentials/sealed-envelope.ts'
import type { StoredRole } from '../storage/iam-directory.ts'
import type { MfaDevices } from './mfa-check.ts'
import type { StsAuthorizer } from './sts-authorizer.ts'

/** What the credential-issuing actions (AssumeRole, GetSessionToken, GetFederationToken) need. */
export interface IssuingDeps {
  readonly authorizer: StsAuthorizer
  readonly findRole: (roleArn: string) => Promise<StoredRole | undefined>
  readonly mfaDevices: MfaDevices
  /** The active session-token sealing key. */
  readonly sessionKey: () => Promise<SealingKey>
  /** Records that a role was assumed (IAM RoleLastUsed). */
  readonly roleUsed: (roleId: string, region: string | undefined, at: Date) => Promise<void>
}
