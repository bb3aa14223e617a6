import type { ApiVersion } from '../sts/action.ts'

export const STS_VERSION = '2011-06-15' satisfies ApiVersion
export const IAM_VERSION = '2010-05-08' satisfies ApiVersion

const NAMESPACES: Readonly<Record<ApiVersion, string>> = {
  [STS_VERSION]: 'https://sts.amazonaws.com/doc/2011-06-15/',
  [IAM_VERSION]: 'https://iam.amazonaws.com/doc/2010-05-08/',
}

/** The xmlns of a version's responses; STS's for anything else (the endpoint is STS's first). */
export function namespaceFor(version: string | undefined): string {
  return version === IAM_VERSION ? NAMESPACES[IAM_VERSION] : NAMESPACES[STS_VERSION]
}

/** The SigV4 service a version's requests are signed for. */
export function signingServiceFor(version: ApiVersion): 'sts' | 'iam' {
  return version === IAM_VERSION ? 'iam' : 'sts'
}
