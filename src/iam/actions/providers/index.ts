import type { ActionDefinition } from '../../../sts/action.ts'
import type { IamDeps } from '../../iam-deps.ts'
import { createOidcProvider } from './create-oidc-provider.ts'
import { createSamlProvider } from './create-saml-provider.ts'
import { deleteOidcProvider } from './delete-oidc-provider.ts'
import { deleteSamlProvider } from './delete-saml-provider.ts'
import { getOidcProvider } from './get-oidc-provider.ts'
import { getSamlProvider } from './get-saml-provider.ts'
import { listOidcProviders } from './list-oidc-providers.ts'
import { listSamlProviders } from './list-saml-providers.ts'
import { addClientIdToOidcProvider, removeClientIdFromOidcProvider, updateOidcProviderThumbprint } from './oidc-provider-changes.ts'
import { providerTagActions } from './provider-tags.ts'
import { updateSamlProvider } from './update-saml-provider.ts'

/** The IAM identity provider actions: SAML and OpenID Connect providers and their tags. */
export function providerActions(deps: IamDeps): ActionDefinition[] {
  return [
    createSamlProvider(deps), getSamlProvider(deps), updateSamlProvider(deps), listSamlProviders(deps), deleteSamlProvider(deps),
    ...providerTagActions(deps, 'saml'),
    createOidcProvider(deps), getOidcProvider(deps), listOidcProviders(deps), deleteOidcProvider(deps),
    addClientIdToOidcProvider(deps), removeClientIdFromOidcProvider(deps), updateOidcProviderThumbprint(deps),
    ...providerTagActions(deps, 'oidc'),
  ] as ActionDefinition[]
}
