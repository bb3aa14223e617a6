import { ServiceError } from '../../../errors.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { IAM_RULES, requiredString } from '../../iam-parameters.ts'

/** The two kinds of identity provider, with the words IAM uses for each in its errors. */
export type ProviderKind = 'saml' | 'oidc'

/** The request parameter that names a provider of each kind. */
export const ARN_PARAMETER = { saml: 'SAMLProviderArn', oidc: 'OpenIDConnectProviderArn' } as const satisfies Record<ProviderKind, string>

const RESOURCE_TYPE = { saml: 'saml-provider', oidc: 'oidc-provider' } as const satisfies Record<ProviderKind, string>

/**
 * A provider ARN parameter: the model's length and character rules (ValidationError), then the
 * general ARN shape (InvalidInput `ARN … is not valid.`, IAM's words for a value that is no ARN).
 * An ARN of another kind, partition or account is not refused here: it names no provider of
 * this account, which run() reports as NoSuchEntity.
 */
export function providerArnParameter(params: QueryParams, kind: ProviderKind): string {
  const arn = requiredString(params, ARN_PARAMETER[kind], IAM_RULES.arn)
  if (!/^arn:[\w-]+:[\w-]*:[\w-]*:[\w-]*:.+$/.test(arn)) throw new ServiceError('InvalidInput', `ARN ${arn} is not valid.`)
  return arn
}

/** Whether `arn` can name a provider of `kind` in `accountId`; lookups skip the store otherwise. */
export function isProviderArnOf(arn: string, kind: ProviderKind, accountId: string): boolean {
  return arn.startsWith(`arn:aws:iam::${accountId}:${RESOURCE_TYPE[kind]}/`)
}

/**
 * NoSuchEntity in IAM's words (observed on AWS): GetSAMLProvider and DeleteSAMLProvider say
 * `Manifest not found for arn …`; the OIDC actions say `OpenIDConnect Provider not found for arn …`,
 * except DeleteOpenIDConnectProvider: `OpenId connect Provider … cannot be found.`
 */
export function noSuchProvider(kind: ProviderKind, arn: string, action?: 'delete'): ServiceError {
  if (kind === 'saml') return new ServiceError('NoSuchEntity', `Manifest not found for arn ${arn}`)
  if (action === 'delete') return new ServiceError('NoSuchEntity', `OpenId connect Provider ${arn} cannot be found.`)
  return new ServiceError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`)
}
