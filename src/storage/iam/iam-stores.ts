import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { SecretBox } from '../secret-box.ts'
import { UserStore } from './user-store.ts'
import { PolicyStore } from './policy-store.ts'
import { RoleStore } from './role-store.ts'
import { ProviderStore } from './provider-store.ts'
import { VirtualMfaStore } from './mfa-store.ts'

/** The IAM API's storage, one store per kind of entity; all write the rows `stsgate apply` writes. */
export interface IamStores {
  readonly users: UserStore
  readonly policies: PolicyStore
  readonly roles: RoleStore
  readonly providers: ProviderStore
  readonly mfa: VirtualMfaStore
}

export function createIamStores(prisma: PrismaClient, secrets: SecretBox): IamStores {
  return {
    users: new UserStore(prisma, secrets),
    policies: new PolicyStore(prisma, secrets),
    roles: new RoleStore(prisma, secrets),
    providers: new ProviderStore(prisma, secrets),
    mfa: new VirtualMfaStore(prisma, secrets),
  }
}
