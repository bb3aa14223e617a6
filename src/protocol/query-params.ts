import { ServiceError } from '../errors.ts'

/**
 * The SigV4 query-authentication parameters: they belong to the signature, not to any action,
 * so the allow-list check skips them (AWS SigV4 "Authenticating requests: query parameters").
 */
export const AUTH_PARAMETERS: ReadonlySet<string> = new Set([
  'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires',
  'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token',
])

/** Present on every awsQuery request; not part of any action's allow-list. */
const PROTOCOL_PARAMETERS: ReadonlySet<string> = new Set(['Action', 'Version'])

const invalidParameter = (message: string) => new ServiceError('InvalidQueryParameter', message)

/**
 * The decoded awsQuery parameters of one request (form body and URL query together), in
 * arrival order. A name given twice is refused at construction: the two readings of such a
 * request could mean different sessions, so neither is chosen.
 */
export class QueryParams {
  readonly entries: ReadonlyArray<readonly [string, string]>
  readonly #values: ReadonlyMap<string, string>

  constructor(entries: Iterable<readonly [string, string]>) {
    const values = new Map<string, string>()
    const ordered: Array<readonly [string, string]> = []
    for (const [name, value] of entries) {
      if (values.has(name)) throw invalidParameter(`The parameter ${name} is given more than once.`)
      values.set(name, value)
      ordered.push([name, value])
    }
    this.entries = ordered
    this.#values = values
  }

  get(name: string): string | undefined {
    return this.#values.get(name)
  }

  has(name: string): boolean {
    return this.#values.has(name)
  }

  names(): string[] {
    return this.entries.map(([name]) => name)
  }

  /**
   * `Prefix.member.1=a&Prefix.member.2=b` -> ['a', 'b']; `Prefix=` (botocore's empty list) -> [];
   * absent -> undefined. Members are 1-based and contiguous.
   */
  list(prefix: string): string[] | undefined {
    const members = this.#members(prefix, (rest) => (rest === '' ? '' : undefined))
    return members?.map((member) => member.get('')!)
  }

  /**
   * `Tags.member.1.Key=k&Tags.member.1.Value=v` -> [{ Key: 'k', Value: 'v' }] for
   * fields ['Key', 'Value']; a field a member lacks is undefined (the action validates).
   * `PolicyArns.member.N.arn` uses a lower-case `arn`, as the STS model does.
   */
  structList<F extends string>(prefix: string, fields: readonly F[]): Array<Partial<Record<F, string>>> | undefined {
    const known = new Set<string>(fields)
    const members = this.#members(prefix, (rest) => (rest.startsWith('.') && known.has(rest.slice(1)) ? rest.slice(1) : undefined))
    return members?.map((member) => Object.fromEntries(member) as Partial<Record<F, string>>)
  }

  /** `TaskPolicyArn.arn=…` -> { arn: '…' }; absent -> undefined. */
  struct<F extends string>(prefix: string, fields: readonly F[]): Partial<Record<F, string>> | undefined {
    const found: Partial<Record<F, string>> = {}
    let any = false
    for (const [name, value] of this.entries) {
      if (name === prefix) throw invalidParameter(`The parameter ${name} must name a member, as ${prefix}.${fields[0]}.`)
      if (!name.startsWith(`${prefix}.`)) continue
      const field = name.slice(prefix.length + 1) as F
      if (!fields.includes(field)) throw invalidParameter(`The parameter ${name} is not recognized.`)
      found[field] = value
      any = true
    }
    return any ? found : undefined
  }

  /**
   * Refuses a parameter the action does not take (CONVENTIONS 1). `allowed` names top-level
   * parameters; `Tags` admits `Tags` and `Tags.…`. Action, Version and the SigV4 query
   * parameters are always admitted. Throws InvalidQueryParameter.
   */
  assertOnly(allowed: readonly string[]): void {
    const admitted = new Set(allowed)
    for (const name of this.names()) {
      if (PROTOCOL_PARAMETERS.has(name) || AUTH_PARAMETERS.has(name)) continue
      const top = name.split('.', 1)[0]!
      if (!admitted.has(top)) throw invalidParameter(`The parameter ${name} is not recognized.`)
    }
  }

  /** Groups `prefix.member.N<rest>` by N; `field` maps `<rest>` to a field key or undefined (refused). */
  #members(prefix: string, field: (rest: string) => string | undefined): Array<Map<string, string>> | undefined {
    const byIndex = new Map<number, Map<string, string>>()
    let emptyList = false
    for (const [name, value] of this.entries) {
      if (name === prefix) {
        if (value !== '') throw invalidParameter(`The parameter ${name} must be empty or given as ${prefix}.member.N.`)
        emptyList = true
        continue
      }
      if (!name.startsWith(`${prefix}.`)) continue
      const match = /^member\.([1-9][0-9]{0,8})(.*)$/.exec(name.slice(prefix.length + 1))
      const key = match ? field(match[2]!) : undefined
      if (!match || key === undefined) throw invalidParameter(`The parameter ${name} is not recognized.`)
      const index = Number(match[1])
      const member = byIndex.get(index) ?? new Map<string, string>()
      member.set(key, value)
      byIndex.set(index, member)
    }
    if (emptyList && byIndex.size > 0) throw invalidParameter(`The parameter ${prefix} is given both empty and with members.`)
    if (!emptyList && byIndex.size === 0) return undefined
    const members: Array<Map<string, string>> = []
    for (let index = 1; index <= byIndex.size; index++) {
      const member = byIndex.get(index)
      if (!member) throw invalidParameter(`The parameter ${prefix}.member.${index} is missing; members are numbered from 1 without gaps.`)
      members.push(member)
    }
    return members
  }
}
