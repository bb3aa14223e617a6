/**
 * Who is making a request, as the evaluator needs to know it: the identifiers a resource-based
 * policy's Principal element can name, from the most specific to the account.
 */
export interface RequestPrincipal {
  readonly type: 'root' | 'user' | 'assumed-role' | 'federated-user' | 'web-identity' | 'saml' | 'anonymous'
  /** The caller's account; undefined for web-identity, SAML and anonymous callers. */
  readonly accountId: string | undefined
  /**
   * The principal's own ARN: `…:root`, `…:user/path/name`, the role session ARN
   * `arn:aws:sts::ACCT:assumed-role/Role/session`, or `arn:aws:sts::ACCT:federated-user/name`.
   */
  readonly arn: string | undefined
  /**
   * What the session was made from: the role ARN (with its path) for an assumed-role session,
   * the IAM user ARN for a federated-user session. A resource policy naming it grants the
   * session, limited by the session's boundary and session policies.
   */
  readonly parentArn?: string
  /** Web identity / SAML: the provider a `Federated` principal names (oidc-provider or saml-provider ARN, or host). */
  readonly federatedProvider?: string
}

/** Shorthand constructors, so callers do not assemble ARNs by hand. */
export const principals = {
  root: (accountId: string): RequestPrincipal => ({ type: 'root', accountId, arn: `arn:aws:iam::${accountId}:root` }),
  user: (accountId: string, path: string, name: string): RequestPrincipal =>
    ({ type: 'user', accountId, arn: `arn:aws:iam::${accountId}:user${path}${name}` }),
  /** Role session ARNs drop the role path (reference_identifiers); the role ARN keeps it. */
  assumedRole: (accountId: string, path: string, roleName: string, sessionName: string): RequestPrincipal => ({
    type: 'assumed-role',
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    parentArn: `arn:aws:iam::${accountId}:role${path}${roleName}`,
  }),
  federatedUser: (accountId: string, name: string, userArn: string): RequestPrincipal =>
    ({ type: 'federated-user', accountId, arn: `arn:aws:sts::${accountId}:federated-user/${name}`, parentArn: userArn }),
  webIdentity: (provider: string): RequestPrincipal => ({ type: 'web-identity', accountId: undefined, arn: undefined, federatedProvider: provider }),
  saml: (providerArn: string): RequestPrincipal => ({ type: 'saml', accountId: undefined, arn: undefined, federatedProvider: providerArn }),
  anonymous: (): RequestPrincipal => ({ type: 'anonymous', accountId: undefined, arn: undefined }),
}
