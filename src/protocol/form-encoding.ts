import { ServiceError } from '../errors.ts'

/**
 * Splits `application/x-www-form-urlencoded` text (a POST body or a URL query) into ordered,
 * decoded [name, value] pairs. `+` is a space (botocore and JS v3 percent-encode a literal plus
 * as %2B), `%XX` is RFC 3986 percent-decoding of UTF-8; a pair without `=` has the empty value
 * (`Tags` alone reads like botocore's `Tags=`). Empty segments (`a=1&&b=2`) are skipped.
 * Throws MalformedQueryString for a broken escape such as `%E0%A4` or `%zz`.
 */
export function decodeForm(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const segment of text.split('&')) {
    if (segment === '') continue
    const equals = segment.indexOf('=')
    const name = equals < 0 ? segment : segment.slice(0, equals)
    const value = equals < 0 ? '' : segment.slice(equals + 1)
    pairs.push([decodeComponent(name), decodeComponent(value)])
  }
  return pairs
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    // AWS Common Errors: MalformedQueryString, "The query string contains a syntax error." (404).
    throw new ServiceError('MalformedQueryString', 'The query string contains a syntax error.')
  }
}
