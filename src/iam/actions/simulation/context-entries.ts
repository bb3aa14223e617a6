import { ServiceError } from '../../../errors.ts'
import { RequestContextBuilder, type RequestContext } from '../../../policy/index.ts'
import type { QueryParams } from '../../../protocol/query-params.ts'
import { checkString } from '../../../protocol/string-parameters.ts'
import { checkAll, validationError } from '../../../protocol/validation-error.ts'

/** ContextKeyTypeEnum of the IAM model, in its order (AWS quotes it so in messages). */
export const CONTEXT_KEY_TYPES = [
  'string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList',
  'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList',
] as const

export type ContextKeyType = (typeof CONTEXT_KEY_TYPES)[number]

/** One `ContextEntries.member.N` as the caller sent it. */
export interface ContextEntry {
  readonly name: string
  readonly values: readonly string[]
  readonly type: ContextKeyType | undefined
}

const CONTEXT_KEY_NAME = { min: 5, max: 256 } as const
const invalidParameter = (name: string) => new ServiceError('InvalidQueryParameter', `The parameter ${name} is not recognized.`)

// `ContextEntries.member.N.ContextKeyName`, `….ContextKeyType`, `….ContextKeyValues.member.M`, or
// `….ContextKeyValues` empty (botocore's empty list). QueryParams.structList does not nest lists.
const ENTRY_FIELD = /^ContextEntries\.member\.([1-9][0-9]{0,8})\.(ContextKeyName|ContextKeyType|ContextKeyValues)(?:\.member\.([1-9][0-9]{0,8}))?$/

interface RawEntry {
  name?: string
  type?: string
  values: Map<number, string>
}

/**
 * The ContextEntries of a Simulate* call, checked against the model: ContextKeyName 5 to 256
 * characters, ContextKeyType one of the enum (ValidationError in AWS words, every violation at
 * once). Members are numbered from 1 without gaps, as QueryParams requires of every list.
 */
export function contextEntries(params: QueryParams): ContextEntry[] {
  const raw = new Map<number, RawEntry>()
  for (const [name, value] of params.entries) {
    if (name === 'ContextEntries') {
      if (value !== '') throw new ServiceError('InvalidQueryParameter', `The parameter ${name} must be empty or given as ContextEntries.member.N.`)
      continue
    }
    if (!name.startsWith('ContextEntries.')) continue
    const match = ENTRY_FIELD.exec(name)
    if (!match) throw invalidParameter(name)
    const entry = raw.get(Number(match[1])) ?? { values: new Map<number, string>() }
    raw.set(Number(match[1]), entry)
    if (match[2] === 'ContextKeyValues') {
      if (match[3] !== undefined) entry.values.set(Number(match[3]), value)
      else if (value !== '') throw invalidParameter(name)
    } else if (match[3] !== undefined) {
      throw invalidParameter(name)
    } else if (match[2] === 'ContextKeyName') {
      entry.name = value
    } else {
      entry.type = value
    }
  }
  const entries = contiguous(raw, 'ContextEntries.member')
  // One check per entry under checkAll: every entry's violations are reported together.
  const checked = checkAll(Object.fromEntries(entries.map((entry, index) => [String(index), () => checkEntry(entry, index + 1)])))
  return entries.map((_, index) => checked[String(index)]!)
}

function checkEntry(entry: RawEntry, position: number): ContextEntry {
  const at = `contextEntries.${position}.member`
  const checked = checkAll({
    name: () => (entry.name === undefined ? undefined : checkString(entry.name, `${at}.contextKeyName`, CONTEXT_KEY_NAME)),
    type: () => contextKeyType(entry.type, `${at}.contextKeyType`),
  })
  // The model makes every member optional; an entry without a key name names nothing to supply.
  if (checked.name === undefined) throw new ServiceError('InvalidInput', `Context entry ${position} has no ContextKeyName.`)
  return { name: checked.name, values: contiguous(entry.values, `ContextEntries.member.${position}.ContextKeyValues.member`), type: checked.type }
}

function contextKeyType(value: string | undefined, member: string): ContextKeyType | undefined {
  if (value === undefined) return undefined
  if (!(CONTEXT_KEY_TYPES as readonly string[]).includes(value)) {
    throw validationError([{ value, member, constraint: `satisfy enum value set: [${CONTEXT_KEY_TYPES.join(', ')}]` }])
  }
  return value as ContextKeyType
}

function contiguous<T>(byIndex: ReadonlyMap<number, T>, prefix: string): T[] {
  const items: T[] = []
  for (let index = 1; index <= byIndex.size; index++) {
    const item = byIndex.get(index)
    if (item === undefined) throw new ServiceError('InvalidQueryParameter', `The parameter ${prefix}.${index} is missing; members are numbered from 1 without gaps.`)
    items.push(item)
  }
  return items
}

/**
 * The request context the simulation decides with: exactly the entries given (the simulator
 * supplies no key of its own). A `…List` type makes a multivalued key (set operators apply); a
 * scalar type takes one value. Later entries for the same key (names compare case-insensitively)
 * replace earlier ones.
 */
export function simulationContext(entries: readonly ContextEntry[]): RequestContext {
  const builder = new RequestContextBuilder()
  entries.forEach((entry, index) => {
    const multiValued = entry.type?.endsWith('List') ?? entry.values.length !== 1
    if (!multiValued && entry.values.length !== 1) {
      throw new ServiceError('InvalidInput', `Context entry ${index + 1} (${entry.name}) of type ${entry.type} takes exactly one value; use ${entry.type}List for several.`)
    }
    builder.set(entry.name, entry.values, { multiValued })
  })
  return builder.build()
}
