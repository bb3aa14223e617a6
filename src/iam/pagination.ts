import { ServiceError } from '../errors.ts'
import type { QueryParams } from '../protocol/query-params.ts'
import { IAM_RULES, optionalInteger, optionalString, type IamTag } from './iam-parameters.ts'

/**
 * IAM's list paging (IAM API Reference, "Marker" / "MaxItems" / "IsTruncated"): at most MaxItems
 * (1..1000, default 100) items; when more remain, IsTruncated is true and Marker is the opaque
 * value to send back. stsgate's marker is the sort key of the last item returned, so a page is
 * one indexed range read (`key > after ORDER BY key LIMIT n + 1`) and stays correct while
 * entities are added or removed between pages.
 */
export interface PageRequest {
  /** The sort key the next page starts after; undefined for the first page. */
  readonly after: string | undefined
  readonly maxItems: number
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly isTruncated: boolean
  readonly marker: string | undefined
}

export const DEFAULT_MAX_ITEMS = 100

export function pageRequest(params: QueryParams): PageRequest {
  const marker = optionalString(params, 'Marker', IAM_RULES.marker)
  const maxItems = optionalInteger(params, 'MaxItems', 1, 1000) ?? DEFAULT_MAX_ITEMS
  return { after: marker === undefined ? undefined : decodeMarker(marker), maxItems }
}

/**
 * The page made of `rows`, read as up to `maxItems + 1` rows in key order: the extra row only
 * says that more remain.
 */
export function pageOf<T>(rows: readonly T[], request: PageRequest, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, request.maxItems)
  const isTruncated = rows.length > request.maxItems
  return { items, isTruncated, marker: isTruncated ? encodeMarker(keyOf(items[items.length - 1]!)) : undefined }
}

/** A page as IAM's list results carry it: `<Member>…</Member><IsTruncated>…<Marker>…`. */
export function pageResult<T, R>(member: string, page: Page<T>, render: (item: T) => R) {
  return { [member]: page.items.map(render), IsTruncated: page.isTruncated, ...(page.marker !== undefined && { Marker: page.marker }) }
}

/**
 * A page of an entity's tags (at most 50, so paged in memory): sorted by key, or in the order
 * they were added (the page key is then the zero-padded position, which sorts as text).
 */
export function tagPage(tags: readonly IamTag[], request: PageRequest, order: 'key' | 'added'): Page<IamTag> {
  const keyed = order === 'key'
    ? [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0)).map((tag) => ({ tag, key: tag.Key }))
    : tags.map((tag, index) => ({ tag, key: String(index).padStart(4, '0') }))
  const { after } = request
  const rows = keyed.filter((row) => after === undefined || row.key > after).slice(0, request.maxItems + 1)
  const page = pageOf(rows, request, (row) => row.key)
  return { ...page, items: page.items.map((row) => ({ Key: row.tag.Key, Value: row.tag.Value })) }
}

const MARKER_PREFIX = 'stsgate1.'

function encodeMarker(key: string): string {
  return MARKER_PREFIX + Buffer.from(key, 'utf8').toString('base64url')
}

function decodeMarker(marker: string): string {
  const body = marker.startsWith(MARKER_PREFIX) ? marker.slice(MARKER_PREFIX.length) : undefined
  if (body === undefined || !/^[A-Za-z0-9_-]+$/.test(body)) throw new ServiceError('InvalidInput', 'Invalid Marker.')
  return Buffer.from(body, 'base64url').toString('utf8')
}
