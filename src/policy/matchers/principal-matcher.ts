import type { PrincipalBlock } from '../document.ts'
import type { RequestPrincipal } from '../request-principal.ts'

/**
 * How a resource-based policy's Principal names the caller, which decides what its Allow is
 * worth (reference_policies_evaluation-logic_policy-eval-denyallow, "Resource-based policies"):
 * - `direct`: the caller itself (its ARN, its session ARN, its federated provider, or `*`):
 *   the Allow suffices in the same account, whatever identity, boundary and session policies say;
 * - `parent`: the role (or IAM user) the session came from: counts as an identity permission,
 *   still limited by the permissions boundary and session policies;
 * - `account`: the caller's account: delegates to the account's identity-based policies.
 */
export type PrincipalGrant = 'direct' | 'parent' | 'account'

export const GRANT_STRENGTH: Record<PrincipalGrant, number> = { account: 1, parent: 2, direct: 3 }

/** A Principal block compiled into sets for exact lookups (Principal takes no wildcards but `*`). */
export interface CompiledPrincipals {
  readonly everyone: boolean
  readonly awsArns: ReadonlySet<string>
  readonly accounts: ReadonlySet<string>
  readonly federated: ReadonlySet<string>
  readonly services: ReadonlySet<string>
}

const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/

export function compilePrincipals(block: PrincipalBlock): CompiledPrincipals {
  if (block === '*') return { everyone: true, awsArns: new Set(), accounts: new Set(), federated: new Set(), services: new Set() }
  const awsArns = new Set<string>()
  const accounts = new Set<string>()
  let everyone = false
  for (const value of block.AWS ?? []) {
    if (value === '*') everyone = true
    else if (/^\d{12}$/.test(value)) accounts.add(value)
    else {
      const root = ROOT_ARN.exec(value)
      if (root) accounts.add(root[1]!)
      else awsArns.add(value)
    }
  }
  return { everyone, awsArns, accounts, federated: new Set(block.Federated ?? []), services: new Set(block.Service ?? []) }
}

/** The strongest way `principals` names the caller, or undefined when it does not. */
export function grantFor(principals: CompiledPrincipals, caller: RequestPrincipal): PrincipalGrant | undefined {
  if (principals.everyone) return 'direct'
  if (caller.federatedProvider !== undefined && principals.federated.has(caller.federatedProvider)) return 'direct'
  if (caller.arn !== undefined && principals.awsArns.has(caller.arn)) return 'direct'
  if (caller.parentArn !== undefined && principals.awsArns.has(caller.parentArn)) return 'parent'
  if (caller.accountId !== undefined && principals.accounts.has(caller.accountId)) {
    // The root user is its account: naming the account names it directly.
    return caller.type === 'root' ? 'direct' : 'account'
  }
  return undefined
}

/**
 * NotPrincipal excludes a caller only when every level of its identity is listed: the account,
 * the role or user a session came from, and the session itself (reference_policies_elements_notprincipal:
 * a Deny with NotPrincipal must list the account and both the role and session ARNs).
 */
export function excludedBy(principals: CompiledPrincipals, caller: RequestPrincipal): boolean {
  if (principals.everyone) return true
  if (caller.federatedProvider !== undefined) return principals.federated.has(caller.federatedProvider)
  if (caller.accountId === undefined || !principals.accounts.has(caller.accountId)) return false
  if (caller.type === 'root') return true
  if (caller.arn !== undefined && !principals.awsArns.has(caller.arn)) return false
  return caller.parentArn === undefined || principals.awsArns.has(caller.parentArn)
}
