/** The validated, frozen settings the service runs with. Built only by loadConfig(). */
export interface Config {
  readonly port: number
  readonly host: string
  readonly database: DatabaseTarget
  readonly dataDir: string
  readonly defaultAccountId: string
  readonly rootCredentials: RootCredentials | undefined
  readonly publicUrl: string
  readonly configFile: string | undefined
  /** From STSGATE_MASTER_KEY; undefined means "use or create the key file in dataDir". */
  readonly masterKey: Buffer | undefined
  readonly logLevel: LogLevel
  readonly federation: FederationSettings
  readonly saml: SamlServiceProvider
}

/** stsgate as a SAML service provider: who it is, where assertions must be addressed. */
export interface SamlServiceProvider {
  /** `${publicUrl}/saml/metadata`: stsgate's entity id, where its metadata is served. */
  readonly entityId: string
  /** `${publicUrl}/saml/acs`. */
  readonly acsUrl: string
  /** Accepted SubjectConfirmationData Recipient and Response Destination values: the ACS URL, then STSGATE_SAML_RECIPIENTS. */
  readonly recipients: readonly string[]
  /** Accepted Audience values: AWS's `urn:amazon:webservices`, the entity id, and the extra recipients. */
  readonly audiences: readonly string[]
}

/** How web identity tokens are verified. */
export interface FederationSettings {
  /** STSGATE_WEB_IDENTITY_MAX_TOKEN_AGE: the oldest token (now − iat) accepted. */
  readonly maxTokenAgeSeconds: number
  /** STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: development issuers at http:// on a loopback host. */
  readonly allowHttpLoopbackIssuers: boolean
}

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string }
  /** dataDir undefined: in memory (tests only). */
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined }

export interface RootCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
