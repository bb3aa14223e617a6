const LOOPBACK_HOSTS = ['localhost', '127.0.0.1']

/**
 * Why `text` cannot be an OIDC provider URL, or undefined when it can: https (plain http only on
 * the loopback host, for local development), a host, no credentials, query or fragment
 * (CreateOpenIDConnectProvider), at most 255 characters.
 */
export function oidcProviderUrlProblem(text: string): string | undefined {
  const expected = 'expected an https:// issuer URL without query or fragment (http:// only for localhost or 127.0.0.1)'
  if (text.length > 255) return 'must be at most 255 characters'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return expected
  }
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname))
  // URL() normalises "?" and "#" with nothing after them away; the raw text must not have them either.
  if (!schemeOk || url.hostname === '' || url.username || url.password || /[?#]/.test(text)) return expected
  if (!/^https?:\/\//.test(text)) return expected
  return undefined
}
