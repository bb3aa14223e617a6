import { SessionCredentialResolver } from '../credentials/session-credential-resolver.ts'
import { StoredCredentialResolver } from '../credentials/stored-credential-resolver.ts'
import { AccessKeyStore } from '../storage/access-key-store.ts'
import { AuditLog } from '../storage/audit-log.ts'
import type { Database } from '../storage/database.ts'
import { IamDirectory } from '../storage/iam-directory.ts'
import { KeyRing } from '../storage/key-ring.ts'
import { MfaDeviceStore } from '../storage/mfa-device-store.ts'
import { SealingKeys } from '../storage/sealing-keys.ts'
import type { SecretBox } from '../storage/secret-box.ts'
import { actionRegistry } from './registry.ts'
import { StsAuthorizer } from './sts-authorizer.ts'

/**
 * What the awsQuery endpoint needs, built over storage: the actions, the resolver that turns an
 * access key id into a caller, the clock, the audit log. Used by the service and by tests, so
 * both run the same wiring.
 */
export async function createStsDeps(db: Database, secrets: SecretBox, clock: () => Date) {
  const keyRing = new KeyRing(db.prisma, secrets)
  const sessionKeys = await SealingKeys.open(keyRing, 'session-token')
  const messageKeys = await SealingKeys.open(keyRing, 'authorization-message')
  const keys = new AccessKeyStore(db.prisma, secrets)
  const directory = new IamDirectory(db.prisma)
  const actions = actionRegistry({
    accountOfStoredKey: (id) => keys.accountOf(id),
    authorizer: new StsAuthorizer(directory, messageKeys),
    findRole: (arn) => directory.findRole(arn),
    mfaDevices: new MfaDeviceStore(db.prisma, secrets),
    sessionKey: () => sessionKeys.active(),
    messageKeys,
  })
  const credentials = new SessionCredentialResolver({
    longTerm: new StoredCredentialResolver(keys, clock),
    sealingKey: (id) => sessionKeys.find(id),
    sessionsRevokedBefore: (roleId) => directory.sessionsRevokedBefore(roleId),
    clock,
  })
  return { actions, credentials, clock, audit: new AuditLog(db), directory }
}
