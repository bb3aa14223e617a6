import { ServiceError } from '../../../errors.ts'
import { pageOf, pageResult, type PageRequest } from '../../pagination.ts'
import type { EvaluationResult } from './simulate.ts'

// A marker names the last result returned by its position in the (deterministic) result list.
const keyOf = (index: number) => String(index).padStart(10, '0')

/**
 * The SimulatePolicyResponse members: a page of EvaluationResults (MaxItems, default 100), then
 * IsTruncated and, when more remain, the Marker that continues after the last one returned. The
 * same request with the marker yields the next results (the simulation is recomputed; it reads
 * nothing that changes between pages but the principal's stored policies).
 */
export function simulationResult(results: readonly EvaluationResult[], page: PageRequest) {
  let start = 0
  if (page.after !== undefined) {
    if (!/^\d{10}$/.test(page.after)) throw new ServiceError('InvalidInput', 'Invalid Marker.')
    start = Number(page.after) + 1
  }
  const rows = results.slice(start, start + page.maxItems + 1).map((result, offset) => ({ index: start + offset, result }))
  return pageResult('EvaluationResults', pageOf(rows, page, (row) => keyOf(row.index)), (row) => row.result)
}
