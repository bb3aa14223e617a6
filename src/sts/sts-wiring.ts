import type { FederationSettings, SamlServiceProvider } from '../config/config.ts'
import { SessionCredentialResolver } from '../credentials/session-credential-resolver.ts'
import { ProviderKeySets } from '../identity/oidc/provider-key-sets.ts'
import { StoredCredentialResolver } from '../credentials/stored-credential-resolver.ts'
import { AccessKeyStore } from '../storage/access-key-store.ts'
import { AuditLog } from '../storage/audit-log.ts'
import type { Database } from '../storage/database.ts'
import { IamDirectory } from '../storage/iam-directory.ts'
import { KeyRing } from '../storage/key-ring.ts'
import { MfaDeviceStore } from '../storage/mfa-device-store.ts'
import { OneTimeUseStore } from '../storage/one-time-use-store.ts'
import { samlSpKey } from '../storage/saml-sp-key.ts'
import { SealingKeys } from '../storage/sealing-keys.ts'
import type { SecretBox } from '../storage/secret-box.ts'
import { createIamStores } from '../storage/iam/iam-stores.ts'
import { UsageTracker } from '../storage/usage-tracker.ts'
import { actionRegistry } from './registry.ts'
import { StsAuthorizer } from './sts-authorizer.ts'

export interface StsOptions {
  readonly federation: FederationSettings
  readonly saml: SamlServiceProvider
  /** Where problems nobody's request can report go (an identity provider's keys that could not be fetched). */
  readonly warn: (fields: Record<string, unknown>, message: string) => void
}

// An identity provider that has not answered within this long is unavailable for this request.
const IDP_FETCH_TIMEOUT_MS = 5_000

/**
 * What the awsQuery endpoint needs, built over storage: the STS and IAM actions, the resolver that turns an
 * access key id into a caller, the clock, the audit log. Used by the service and by tests, so
 * both run the same wiring.
 */
export async function createStsDeps(db: Database, secrets: SecretBox, clock: () => Date, options: StsOptions) {
  const keyRing = new KeyRing(db.prisma, secrets)
  const sessionKeys = await SealingKeys.open(keyRing, 'session-token')
  const messageKeys = await SealingKeys.open(keyRing, 'authorization-message')
  const keys = new AccessKeyStore(db.prisma, secrets)
  const directory = new IamDirectory(db.prisma)
  const longTerm = new StoredCredentialResolver(keys, clock)
  const authorizer = new StsAuthorizer(directory, messageKeys)
  const usage = new UsageTracker(db)
  const oneTimeUses = new OneTimeUseStore(db.prisma)
  // Made on the first start, then the same for good (no rotation yet).
  const spKey = await samlSpKey(keyRing)
  const keySets = new ProviderKeySets({
    fetchPolicy: { allowHttpLoopback: options.federation.allowHttpLoopbackIssuers, timeoutMs: IDP_FETCH_TIMEOUT_MS },
    now: () => clock().getTime(),
    warn: options.warn,
  })
  const actions = actionRegistry({
    accountOfStoredKey: (id) => keys.accountOf(id),
    authorizer,
    findRole: (arn) => directory.findRole(arn),
    mfaDevices: new MfaDeviceStore(db.prisma, secrets),
    sessionKey: () => sessionKeys.active(),
    roleUsed: (roleId, region, at) => usage.roleUsed(roleId, region, at),
    messageKeys,
    findOidcProvider: (accountId, url) => directory.findOidcProvider(accountId, url),
    keySets,
    maxTokenAgeSeconds: options.federation.maxTokenAgeSeconds,
    findSamlProvider: (arn) => directory.findSamlProvider(arn),
    serviceProvider: options.saml,
    spDecryptionKey: spKey.privateKeyPem,
    consumeAssertion: (assertion, roleArn, until) => oneTimeUses.consume('saml-assertion', `${assertion}\n${roleArn}`, until),
  }, {
    authorizer,
    stores: createIamStores(db.prisma, secrets),
    directory,
    clock,
    changed: () => {
      directory.forget()
      longTerm.forget()
    },
  })
  const credentials = new SessionCredentialResolver({
    longTerm,
    sealingKey: (id) => sessionKeys.find(id),
    clock,
  })
  return { actions, credentials, clock, audit: new AuditLog(db), usage, directory, samlSpKey: spKey }
}
