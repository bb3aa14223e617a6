import { ServiceError } from '../errors.ts'
import { compilePolicy, type CompiledPolicy } from '../policy/index.ts'
import type { IdentityPolicies, StoredPolicy } from '../storage/iam-directory.ts'
import type { Caller } from './caller.ts'

/** The reads permissions are made from (IamDirectory in production). */
export interface PermissionSource {
  policiesOfUser(userId: string): Promise<IdentityPolicies>
  policiesOfRole(roleId: string): Promise<IdentityPolicies>
  managedPolicy(policyArn: string): Promise<StoredPolicy | undefined>
}

/** What limits a caller: the policy layers the engine evaluates, and the tags it carries. */
export interface CallerPermissions {
  readonly identity: readonly CompiledPolicy[]
  readonly boundary?: CompiledPolicy
  /** Undefined: no session policies (they do not restrict). `[]`: a session that allows nothing. */
  readonly session?: readonly CompiledPolicy[]
  /** aws:PrincipalTag: the user's or role's tags, overridden by session tags (keys case-insensitive). */
  readonly principalTags: ReadonlyMap<string, string>
}

const ROOT: IdentityPolicies = { exists: true, policies: [], boundary: undefined, tags: [] }

// A federated user made by the root user has the root user's permissions, limited by the session
// policies; the engine only grants root-type principals everything, so spell it out.
const ROOT_PERMISSIONS = compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity', 'root')

/**
 * The permissions of a verified caller (IAM User Guide, "Policy evaluation logic"): an IAM user's
 * or role's identity policies and boundary; a role session's or federated user's session
 * policies on top. A federated user passed no session policy has no permissions (GetFederationToken).
 */
export async function permissionsOf(caller: Caller, source: PermissionSource): Promise<CallerPermissions> {
  const session = caller.session
  const user = session ? session.user : caller.user
  const owner = session?.role ? await source.policiesOfRole(session.role.id) : user ? await source.policiesOfUser(user.id) : ROOT
  // Credentials do not outlive what they belong to: once the user or role is deleted, they may do
  // nothing that needs a permission (a trust policy naming the user must not admit them either).
  if (!owner.exists) {
    throw new ServiceError('AccessDenied', `The ${session?.role ? 'role' : 'IAM user'} ${session ? 'this session was issued for' : 'of this access key'} no longer exists.`)
  }
  const compiled = compileIdentity(owner)
  if (!session) return { ...compiled, principalTags: tagMap(owner.tags) }
  const identity = session.kind === 'federated-user' && !session.user ? [ROOT_PERMISSIONS] : compiled.identity
  const passed = session.sessionPolicy !== undefined || session.sessionPolicyArns.length > 0
  return {
    identity,
    ...(compiled.boundary && { boundary: compiled.boundary }),
    ...((passed || session.kind === 'federated-user') && { session: await sessionPolicies(session.sessionPolicy, session.sessionPolicyArns, source) }),
    principalTags: tagMap([...owner.tags, ...session.tags]),
  }
}

/**
 * The compiled session policies of a session. A managed session policy deleted since the session
 * began no longer allows anything (the session keeps its other policies).
 */
export async function sessionPolicies(inline: string | undefined, policyArns: readonly string[], source: PermissionSource): Promise<CompiledPolicy[]> {
  const policies = inline === undefined ? [] : [compilePolicy(inline, 'session', 'session')]
  for (const arn of policyArns) {
    const stored = await source.managedPolicy(arn)
    if (stored) policies.push(compilePolicy(stored.document, 'session', stored.id))
  }
  return policies
}

function compileIdentity(stored: IdentityPolicies): Pick<CallerPermissions, 'identity' | 'boundary'> {
  return {
    identity: stored.policies.map((policy) => compilePolicy(policy.document, 'identity', policy.id)),
    ...(stored.boundary && { boundary: compilePolicy(stored.boundary.document, 'boundary', stored.boundary.id) }),
  }
}

/** Later entries win; a key differing only in case replaces the earlier one (tag keys are case-insensitive). */
export function tagMap(tags: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const byFolded = new Map<string, [string, string]>()
  for (const [key, value] of tags) byFolded.set(key.toLowerCase(), [key, value])
  return new Map(byFolded.values())
}
