import { ServiceError } from '../../../errors.ts'
import { parsePolicyDocument, type PolicyKind } from '../../../policy/index.ts'
import type { IdentityPolicies, StoredPolicy } from '../../../storage/iam-directory.ts'
import { parseIamArn } from '../../arns.ts'
import type { IamDeps } from '../../iam-deps.ts'
import type { SimulationPolicy } from './simulate.ts'
import { noSuchRole, noSuchUser } from '../../entity-errors.ts'

/** The stored policies of the principal a PolicySourceArn names. */
export interface PrincipalPolicies {
  readonly kind: 'user' | 'role'
  readonly accountId: string
  /** The user's ARN as stored (the simulated caller by default); undefined for a role. */
  readonly userArn: string | undefined
  readonly identity: readonly SimulationPolicy[]
  readonly boundary: SimulationPolicy | undefined
}

/**
 * Reads an IAM user's or role's inline and attached policies and permissions boundary, the same
 * reads STS decides with. Throws NoSuchEntity in IAM's words for a user, role or group that does
 * not exist (stsgate has no groups), InvalidInput for an ARN that names no IAM principal.
 */
export async function principalPolicies(deps: Pick<IamDeps, 'directory' | 'stores'>, arn: string): Promise<PrincipalPolicies> {
  const user = parseIamArn(arn, 'user')
  if (user) {
    const found = await deps.stores.users.findByName(user.accountId, user.name)
    if (!found || found.path !== user.path) throw noSuchUser(user.name)
    return fromStored('user', found.name, found.accountId, arn, await deps.directory.policiesOfUser(found.id))
  }
  const role = parseIamArn(arn, 'role')
  if (role) {
    const found = await deps.directory.findRole(arn)
    if (!found) throw noSuchRole(role.name)
    return fromStored('role', found.name, found.accountId, undefined, await deps.directory.policiesOfRole(found.id))
  }
  const group = /^arn:aws:iam::\d{12}:group\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]+)$/.exec(arn)
  if (group) throw new ServiceError('NoSuchEntity', `The group with name ${group[1]} cannot be found.`)
  throw new ServiceError('InvalidInput', `ARN ${arn} is not valid.`)
}

function fromStored(kind: 'user' | 'role', name: string, accountId: string, userArn: string | undefined, stored: IdentityPolicies): PrincipalPolicies {
  // Deleted between the lookup and the read: as absent as before it.
  if (!stored.exists) throw (kind === 'user' ? noSuchUser : noSuchRole)(name)
  return {
    kind,
    accountId,
    userArn,
    identity: stored.policies.map((policy) => storedPolicy(policy, kind, 'identity')),
    boundary: stored.boundary && storedPolicy(stored.boundary, kind, 'boundary'),
  }
}

/**
 * A stored policy named as IAM's simulator names it: an inline policy by its name and the owner's
 * kind (`user`, `role`), a managed policy by its name and `user-managed` (customer managed) or
 * `aws-managed`. IamDirectory ids are `<owner ARN>/inline/<name>` and managed policy ARNs.
 */
function storedPolicy(policy: StoredPolicy, owner: 'user' | 'role', kind: PolicyKind): SimulationPolicy {
  const managed = /^arn:aws:iam::([^:]*):policy\//.exec(policy.id)
  const [sourceId, sourceType] = managed
    ? [policy.id.slice(policy.id.lastIndexOf('/') + 1), managed[1] === 'aws' ? 'aws-managed' : 'user-managed']
    : [policy.id.slice(policy.id.lastIndexOf('/inline/') + '/inline/'.length), owner]
  return { sourceId, sourceType, text: policy.document, document: parsePolicyDocument(policy.document, kind) }
}
