/**
 * What a temporary credential carries, sealed inside its session token: everything verification
 * and authorization need, so using the credential reads no session row from the database.
 * Times are epoch milliseconds.
 */
export interface SessionClaims {
  /** assumed-role: AssumeRole*; session-token: GetSessionToken; federated-user: GetFederationToken. */
  readonly kind: 'assumed-role' | 'session-token' | 'federated-user'
  /** The `ASIA…` id the token belongs to: a token presented with another id does not open. */
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly accountId: string
  readonly issuedAt: number
  readonly expiresAt: number
  /** assumed-role: the role. */
  readonly role?: SessionRole
  /** assumed-role: RoleSessionName; federated-user: Name. */
  readonly sessionName?: string
  /** session-token and federated-user: the IAM user behind the session; absent for the root user. */
  readonly user?: SessionUser
  readonly sourceIdentity?: string
  /** Session tags [key, value] in the order given; transitive ones first when inherited. */
  readonly tags: ReadonlyArray<readonly [string, string]>
  readonly transitiveTagKeys: readonly string[]
  /** The inline session policy, as passed. */
  readonly sessionPolicy?: string
  /** Managed session policies (their documents are read when the session is used). */
  readonly sessionPolicyArns: readonly string[]
  /** When MFA was verified for the session; absent: no MFA. */
  readonly mfaAuthenticatedAt?: number
  /** assumed-role by AssumeRoleWithWebIdentity or AssumeRoleWithSAML: who the identity provider said it was. */
  readonly federation?: FederatedOrigin
}

/**
 * The identity provider behind a federated role session: the session is bound to (issuer,
 * subject), and its requests carry aws:FederatedProvider and the provider's condition keys
 * (`host/path:sub`, `:aud`, `:amr`; IAM "Available keys for OIDC federation": they stay
 * available to the session's later requests).
 */
export interface FederatedOrigin {
  readonly kind: 'web-identity' | 'saml'
  /** The IAM provider ARN, aws:FederatedProvider. */
  readonly provider: string
  readonly issuer: string
  readonly subject: string
  /** Condition key -> value; a list is a multivalued key. */
  readonly conditionKeys: Readonly<Record<string, string | readonly string[]>>
}

/** What the rest of stsgate sees of a verified session: its claims without the secret. */
export type SessionFacts = Omit<SessionClaims, 'secretAccessKey'>

export interface SessionRole {
  readonly id: string
  readonly name: string
  readonly path: string
}

export interface SessionUser {
  readonly id: string
  readonly name: string
  readonly path: string
}

/** The session's own ARN and the unique id GetCallerIdentity reports (sts-wire.md §3.2). */
export function sessionIdentity(claims: SessionFacts): { readonly arn: string; readonly userId: string } {
  const account = claims.accountId
  switch (claims.kind) {
    case 'assumed-role':
      return { arn: `arn:aws:sts::${account}:assumed-role/${claims.role!.name}/${claims.sessionName}`, userId: `${claims.role!.id}:${claims.sessionName}` }
    case 'federated-user':
      return { arn: `arn:aws:sts::${account}:federated-user/${claims.sessionName}`, userId: `${account}:${claims.sessionName}` }
    case 'session-token':
      return claims.user
        ? { arn: `arn:aws:iam::${account}:user${claims.user.path}${claims.user.name}`, userId: claims.user.id }
        : { arn: `arn:aws:iam::${account}:root`, userId: account }
  }
}
