import type { Request } from 'express'
import { decodeForm } from '../protocol/form-encoding.ts'
import { QueryParams } from '../protocol/query-params.ts'

/** The parts of an awsQuery request the router reads, taken from express once. */
export interface AwsQueryRequest {
  readonly method: string
  /** As sent, percent-encoded; SigV4 signs it in this form. */
  readonly path: string
  /** The raw text after `?` (empty when none). */
  readonly rawQuery: string
  readonly headers: Request['headers']
  readonly body: Buffer
  readonly params: QueryParams
}

/**
 * Reads the awsQuery parameters: the URL query plus, for a form-encoded body, the body (rawBody
 * has buffered it within 256 KiB). A name in both, or twice in either, is refused by QueryParams.
 * Throws MalformedQueryString (bad escapes) and InvalidQueryParameter (duplicates).
 */
export function readAwsQueryRequest(req: Request): AwsQueryRequest {
  const url = req.originalUrl
  const mark = url.indexOf('?')
  const path = mark < 0 ? url : url.slice(0, mark)
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1)
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
  const entries = decodeForm(rawQuery)
  if (req.is('application/x-www-form-urlencoded')) entries.push(...decodeForm(body.toString('utf8')))
  return { method: req.method, path, rawQuery, headers: req.headers, body, params: new QueryParams(entries) }
}
