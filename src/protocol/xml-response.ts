import { XMLBuilder } from 'fast-xml-parser'

/**
 * fast-xml-parser's builder escapes text and attributes for us; attributes are only our own
 * xmlns. Entities are processed (`&` -> `&amp;`), so no caller text can open an element.
 */
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true })

/**
 * AWS's awsQuery success envelope (sts-wire.md §1.2):
 * `<ActionResponse xmlns=NS><ActionResult>…</ActionResult><ResponseMetadata><RequestId>…`.
 * `result` members become elements in their order; undefined/null members are omitted (AWS
 * omits absent optionals), Dates are ISO 8601 UTC with `Z` and whole seconds, arrays are
 * `<member>` items (IAM lists).
 */
export function successResponseXml(action: string, namespace: string, result: unknown, requestId: string): string {
  return builder.build({
    [`${action}Response`]: {
      '@_xmlns': namespace,
      [`${action}Result`]: toXmlValue(result) ?? '',
      ResponseMetadata: { RequestId: requestId },
    },
  }) as string
}

/** ISO 8601 UTC, whole seconds, `Z`: what real STS sends, CloudTrail records, and both SDKs parse. */
export const awsTimestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

function toXmlValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined
  if (value instanceof Date) return awsTimestamp(value)
  if (Array.isArray(value)) return { member: value.map((item) => toXmlValue(item) ?? '') }
  if (typeof value === 'object') {
    const element: Record<string, unknown> = {}
    for (const [name, member] of Object.entries(value)) {
      const converted = toXmlValue(member)
      if (converted !== undefined) element[name] = converted
    }
    return element
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  throw new TypeError(`cannot serialise a ${typeof value} as XML`)
}
