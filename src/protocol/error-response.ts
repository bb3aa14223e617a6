import type { ServiceError } from '../errors.ts'

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!)
}

/** AWS's query-protocol error envelope; RequestId is a sibling of Error, not in ResponseMetadata. */
export function errorResponseXml(error: ServiceError, requestId: string, namespace = STS_NAMESPACE): string {
  return (
    `<ErrorResponse xmlns="${namespace}">` +
    `<Error><Type>${error.type}</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId>` +
    `</ErrorResponse>`
  )
}
