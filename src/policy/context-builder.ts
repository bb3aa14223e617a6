import { isIpv4Mapped, parseIpv6 } from './conditions/parse-ip.ts'
import type { RequestContext } from './request-context.ts'

/**
 * Builds the RequestContext of one request: the global `aws:` keys stsgate knows, the `sts:` keys
 * of its actions, and SAML / OIDC keys through set(). Formats follow "AWS global condition context
 * keys" (IAM User Guide). Keys are stored lower-cased (condition key names, tag key part included,
 * are case-insensitive); values keep their case.
 *
 * Multivalued keys (set operators apply): aws:TagKeys, sts:TransitiveTagKeys, and any key set()
 * with `multiValued: true` (SAML attribute keys such as saml:edupersonaffiliation, an OIDC
 * provider's `<host/path>:amr`). Every other key is single-valued. A key never set is absent,
 * which is not the same as empty (IfExists, Null and the set operators tell them apart).
 */

/** Values of aws:PrincipalType ("AWS global condition context keys", aws:PrincipalType). */
export type PrincipalTypeValue = 'Account' | 'User' | 'FederatedUser' | 'AssumedRole' | 'Anonymous'

/** Tags as a map or plain object. */
export type Tags = ReadonlyMap<string, string> | Readonly<Record<string, string>>

interface Entry {
  readonly values: readonly string[]
  readonly multiValued: boolean
}

export class RequestContextBuilder {
  private readonly entries = new Map<string, Entry>()
  private now: Date | undefined
  private mfaAuthenticatedAt: Date | undefined

  /** aws:PrincipalArn: the ARN of the principal (for a role session, the role's ARN). */
  principalArn(arn: string): this {
    return this.single('aws:PrincipalArn', arn)
  }

  /** aws:PrincipalAccount: the principal's 12-digit account id. */
  principalAccount(accountId: string): this {
    return this.single('aws:PrincipalAccount', accountId)
  }

  /** aws:PrincipalType. */
  principalType(type: PrincipalTypeValue): this {
    return this.single('aws:PrincipalType', type)
  }

  /** aws:userid: the unique id (`AIDA…` for a user, `AROA…:session-name` for a role session, the account id for the root user, `anonymous`). */
  userId(id: string): this {
    return this.single('aws:userid', id)
  }

  /** aws:username: the IAM user's friendly name. Only IAM users have it (absent for roles, root and anonymous). */
  username(name: string): this {
    return this.single('aws:username', name)
  }

  /** aws:PrincipalTag/<key>, one single-valued key per tag of the principal (role tags merged with session tags by the caller). */
  principalTags(tags: Tags): this {
    for (const [key, value] of tagEntries(tags, 'aws:PrincipalTag/')) this.single(`aws:PrincipalTag/${key}`, value)
    return this
  }

  /**
   * aws:RequestTag/<key> for each tag passed in the request and aws:TagKeys (multivalued) with their
   * keys as written. No tags: both stay absent.
   */
  requestTags(tags: Tags): this {
    const keys: string[] = []
    for (const [key, value] of tagEntries(tags, 'aws:RequestTag/')) {
      this.single(`aws:RequestTag/${key}`, value)
      keys.push(key)
    }
    if (keys.length > 0) this.set('aws:TagKeys', keys, { multiValued: true })
    return this
  }

  /**
   * aws:SourceIp. An IPv4-mapped IPv6 address (how Node reports IPv4 clients of a dual-stack
   * socket) becomes plain IPv4, as AWS sees the IPv4 address; a zone id (`%eth0`) is dropped.
   */
  sourceIp(address: string): this {
    return this.single('aws:SourceIp', normaliseAddress(address))
  }

  /** aws:SecureTransport: "true" when the request came over TLS. */
  secureTransport(secure: boolean): this {
    return this.single('aws:SecureTransport', String(secure))
  }

  /** aws:CurrentTime (ISO 8601, `2026-01-31T12:00:00Z`) and aws:EpochTime (seconds), from one clock reading. */
  currentTime(now: Date): this {
    this.now = now
    this.single('aws:CurrentTime', isoSeconds(now))
    return this.single('aws:EpochTime', String(Math.floor(now.getTime() / 1000)))
  }

  /**
   * aws:MultiFactorAuthPresent ("true"/"false") and, when MFA was used, aws:MultiFactorAuthAge
   * (whole seconds since the MFA authentication, computed at build() from currentTime()). Call it
   * for temporary credentials only: with long-term credentials AWS leaves both keys absent
   * ("AWS global condition context keys", aws:MultiFactorAuthPresent).
   */
  multiFactorAuth(authenticatedAt: Date | undefined): this {
    this.mfaAuthenticatedAt = authenticatedAt
    return this.single('aws:MultiFactorAuthPresent', String(authenticatedAt !== undefined))
  }

  /** aws:TokenIssueTime (ISO 8601): when the temporary credentials were issued. Absent for long-term credentials. */
  tokenIssueTime(issuedAt: Date): this {
    return this.single('aws:TokenIssueTime', isoSeconds(issuedAt))
  }

  /** aws:FederatedProvider: the identity provider that federated the principal (an IAM OIDC/SAML provider ARN). */
  federatedProvider(provider: string): this {
    return this.single('aws:FederatedProvider', provider)
  }

  /** aws:SourceIdentity: the source identity set on the role session. */
  sourceIdentity(identity: string): this {
    return this.single('aws:SourceIdentity', identity)
  }

  /** aws:RequestedRegion: the region the request was made to. */
  requestedRegion(region: string): this {
    return this.single('aws:RequestedRegion', region)
  }

  /** sts:ExternalId (AssumeRole). */
  externalId(externalId: string): this {
    return this.single('sts:ExternalId', externalId)
  }

  /** sts:RoleSessionName (AssumeRole*). */
  roleSessionName(name: string): this {
    return this.single('sts:RoleSessionName', name)
  }

  /** sts:SourceIdentity: the source identity requested in this call. */
  stsSourceIdentity(identity: string): this {
    return this.single('sts:SourceIdentity', identity)
  }

  /** sts:TransitiveTagKeys (multivalued): the session tag keys marked transitive. No keys: absent. */
  transitiveTagKeys(keys: readonly string[]): this {
    return keys.length > 0 ? this.set('sts:TransitiveTagKeys', keys, { multiValued: true }) : this
  }

  /**
   * Any other key: `saml:aud`, `saml:iss`, `saml:sub`, `saml:sub_type`, `saml:namequalifier`,
   * `saml:doc`, SAML attribute keys (multivalued, e.g. `saml:edupersonaffiliation`), and OIDC
   * provider keys `<host/path>:aud`, `:sub`, `:azp`, `:oaud`, `:amr` (multivalued). A single string
   * is single-valued unless `multiValued` says otherwise; an array needs `multiValued: true` unless
   * it holds exactly one value.
   */
  set(key: string, value: string | readonly string[], options: { readonly multiValued?: boolean } = {}): this {
    const values = typeof value === 'string' ? [value] : [...value]
    const multiValued = options.multiValued ?? false
    if (!multiValued && values.length !== 1) throw new Error(`context key ${key} is single-valued but was given ${values.length} values`)
    this.entries.set(key.toLowerCase(), { values: Object.freeze(values), multiValued })
    return this
  }

  /** The context. Later calls on the builder do not change it. */
  build(): RequestContext {
    const entries = new Map(this.entries)
    if (this.mfaAuthenticatedAt !== undefined) {
      if (this.now === undefined) throw new Error('aws:MultiFactorAuthAge needs currentTime() before build()')
      const age = Math.max(0, Math.floor((this.now.getTime() - this.mfaAuthenticatedAt.getTime()) / 1000))
      entries.set('aws:multifactorauthage', { values: Object.freeze([String(age)]), multiValued: false })
    }
    return new MapRequestContext(entries)
  }

  private single(key: string, value: string): this {
    return this.set(key, value)
  }
}

/**
 * An immutable context over lower-cased keys. The engine asks with lower-cased keys; others are
 * folded on a miss. A condition asks values() then isMultiValued() of the same key, so the last
 * lookup is remembered (not observable: the entries never change).
 */
class MapRequestContext implements RequestContext {
  private lastKey: string | undefined = undefined
  private lastEntry: Entry | undefined = undefined

  constructor(private readonly entries: ReadonlyMap<string, Entry>) {}

  values(key: string): readonly string[] | undefined {
    return this.entry(key)?.values
  }

  isMultiValued(key: string): boolean {
    return this.entry(key)?.multiValued ?? false
  }

  private entry(key: string): Entry | undefined {
    if (key === this.lastKey) return this.lastEntry
    let entry = this.entries.get(key)
    if (entry === undefined && hasUpperCase(key)) entry = this.entries.get(key.toLowerCase())
    this.lastKey = key
    this.lastEntry = entry
    return entry
  }
}

function hasUpperCase(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 65 && c <= 90) || c > 127) return true
  }
  return false
}

/** Tag entries; two keys differing only in case are a caller mistake (they would be one condition key). */
function tagEntries(tags: Tags, prefix: string): [string, string][] {
  const entries: [string, string][] = tags instanceof Map ? [...tags] : Object.entries(tags)
  const seen = new Set<string>()
  for (const [key] of entries) {
    const folded = key.toLowerCase()
    if (seen.has(folded)) throw new Error(`${prefix}${key}: tag keys differing only in case make one condition key`)
    seen.add(folded)
  }
  return entries
}

/** `2026-01-31T12:00:00Z`: ISO 8601 to the second, as AWS presents aws:CurrentTime. */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

const words = new Uint32Array(4)

function normaliseAddress(address: string): string {
  const percent = address.indexOf('%')
  const bare = percent < 0 ? address : address.slice(0, percent)
  if (bare.includes(':') && parseIpv6(bare, 0, bare.length, words) && isIpv4Mapped(words)) {
    const v4 = words[3]!
    return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`
  }
  return bare
}
