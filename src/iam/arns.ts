/** IAM ARNs as AWS writes them (IAM identifiers reference); `path` starts and ends with "/". */
export const arns = {
  user: (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:user${path}${name}`,
  role: (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:role${path}${name}`,
  policy: (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`,
  mfa: (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:mfa${path}${name}`,
  samlProvider: (accountId: string, name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`,
  /** `oidc-provider/` + AWS's provider id (the prefix of the `<provider id>:aud` / `:sub` condition keys): `https://x.example/` -> `oidc-provider/x.example/`. */
  oidcProvider: (accountId: string, url: string) => `arn:aws:iam::${accountId}:oidc-provider/${oidcProviderId(url)}`,
}

/** AWS's OIDC provider id (the prefix of the `<provider id>:aud` / `:sub` condition keys): the issuer URL without its scheme, nothing else removed. */
export function oidcProviderId(url: string): string {
  return url.replace(/^https?:\/\//, '')
}

/** The 12-digit account of an IAM ARN, or undefined when `arn` is not one. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:aws:iam::(\d{12}):/.exec(arn)?.[1]
}

/** `arn:aws:iam::ACCT:role/path/name` (or `policy/…`) -> its parts; undefined when not that shape. */
export function parseIamArn(arn: string, type: 'role' | 'policy' | 'user'): { accountId: string; path: string; name: string } | undefined {
  const match = new RegExp(`^arn:aws:iam::(\\d{12}):${type}(/(?:[\\x21-\\x7e]*/)?)([\\w+=,.@-]+)$`).exec(arn)
  return match ? { accountId: match[1]!, path: match[2]!, name: match[3]! } : undefined
}
