import type { IamDirectory } from '../storage/iam-directory.ts'
import type { IamStores } from '../storage/iam/iam-stores.ts'
import type { StsAuthorizer } from '../sts/sts-authorizer.ts'

/** What the IAM actions need. */
export interface IamDeps {
  /** Decides `iam:<Action>` on the resource (the caller's policies via the engine). */
  readonly authorizer: StsAuthorizer
  readonly stores: IamStores
  /** The permission reads STS decides with (SimulatePrincipalPolicy reads a principal's policies). */
  readonly directory: IamDirectory
  readonly clock: () => Date
  /** Forgets what this process cached of IAM; iamAction calls it after every change it makes. */
  readonly changed: () => void
}
