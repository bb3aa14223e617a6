import type { SessionFacts } from '../credentials/session-claims.ts'
import type { RequestPrincipal } from '../policy/request-principal.ts'

/**
 * Who signed a request, after SigV4 verification: the identity GetCallerIdentity reports and the
 * principal the policy engine decides for.
 */
export interface Caller {
  /** The access key id the request was signed with. */
  readonly accessKeyId: string
  readonly accountId: string
  /** `arn:aws:iam::ACCT:root`, `…:user/path/name`, `arn:aws:sts::ACCT:assumed-role/R/s`, `…:federated-user/n`. */
  readonly arn: string
  /** GetCallerIdentity's UserId: the account id (root), `AIDA…` (user), `AROA…:session`, `ACCT:name`. */
  readonly userId: string
  readonly principal: RequestPrincipal
  /** Long-term (`AKIA…`) or temporary (`ASIA…`) credentials. */
  readonly temporary: boolean
  /** For a long-term key of an IAM user: the user. */
  readonly user?: { readonly id: string; readonly name: string; readonly path: string }
  /** For temporary credentials: what their session token carries, less the secret. */
  readonly session?: SessionFacts
}
