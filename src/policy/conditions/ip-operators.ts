import { isIpv4Mapped, parseIpv4, parseIpv6 } from './parse-ip.ts'
import { INCOMPARABLE, MATCH, NO_MATCH, type TestResult, type ValueTest } from './value-test.ts'

/**
 * IpAddress / NotIpAddress ("IAM JSON policy elements: Condition operators", IP address condition
 * operators): IPv4 or IPv6 CIDR, "If you specify an IP address without the associated routing
 * prefix, IAM uses the default prefix value of /32" (/128 for IPv6). No policy variables, no
 * wildcards. Ranges are compiled to network/mask words; a test parses the request address into a
 * reused buffer and compares masked words.
 *
 * IPv4 ranges also match an IPv4-mapped IPv6 request address (::ffff:a.b.c.d): it is the same
 * host, and Node reports IPv4 clients of a dual-stack socket that way. AWS documents nothing on
 * mapped addresses; the context builder normalises aws:SourceIp to plain IPv4 anyway.
 */
export interface Cidr {
  readonly ipv6: boolean
  /** The network, already masked: one word for IPv4, four for IPv6. */
  readonly network: Uint32Array
  readonly mask: Uint32Array
}

/** Reads `address[/prefix]`; undefined when malformed (prefix out of range, zone id, spaces, …). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/')
  const end = slash < 0 ? text.length : slash
  let prefix = -1
  if (slash >= 0) {
    const digits = text.length - slash - 1
    if (digits < 1 || digits > 3) return undefined
    prefix = 0
    for (let i = slash + 1; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c < 48 || c > 57) return undefined
      prefix = prefix * 10 + (c - 48)
    }
  }
  const v4 = parseIpv4(text, 0, end)
  if (v4 >= 0) {
    if (prefix > 32) return undefined
    const mask = maskWord(prefix < 0 ? 32 : prefix)
    return { ipv6: false, network: Uint32Array.of((v4 & mask) >>> 0), mask: Uint32Array.of(mask) }
  }
  const words = new Uint32Array(4)
  if (!parseIpv6(text, 0, end, words)) return undefined
  if (prefix > 128) return undefined
  const bits = prefix < 0 ? 128 : prefix
  const mask = Uint32Array.from([0, 1, 2, 3], (w) => maskWord(Math.min(32, Math.max(0, bits - 32 * w))))
  for (let w = 0; w < 4; w++) words[w] = (words[w]! & mask[w]!) >>> 0
  return { ipv6: true, network: words, mask }
}

function maskWord(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
}

// The request address last read: IPv6 words in `address`, or IPv4 in `lastV4`. One request's
// aws:SourceIp meets every IP condition of every policy, so it is parsed once.
const address = new Uint32Array(4)
const V4 = 4
const V6 = 6
const NOT_AN_ADDRESS = 0
let lastText: string | undefined
let lastKind = NOT_AN_ADDRESS
let lastV4 = -1

function readAddress(value: string): number {
  if (value === lastText) return lastKind
  lastText = value
  lastV4 = parseIpv4(value, 0, value.length)
  lastKind = lastV4 >= 0 ? V4 : parseIpv6(value, 0, value.length, address) ? V6 : NOT_AN_ADDRESS
  return lastKind
}

class IpTest implements ValueTest {
  constructor(
    private readonly ipv4: readonly Cidr[],
    private readonly ipv6: readonly Cidr[],
    /** Some policy value was not an address or range. */
    private readonly malformed: boolean,
  ) {}

  test(value: string): TestResult {
    const kind = readAddress(value)
    if (kind === V4) {
      if (matchesV4(this.ipv4, lastV4)) return MATCH
    } else if (kind === V6) {
      if (matchesV6(this.ipv6, address)) return MATCH
      if (isIpv4Mapped(address) && matchesV4(this.ipv4, address[3]!)) return MATCH
    } else {
      return INCOMPARABLE // the request value is not an IP address
    }
    return this.malformed ? INCOMPARABLE : NO_MATCH
  }
}

function matchesV4(ranges: readonly Cidr[], v4: number): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!
    if (((v4 & range.mask[0]!) >>> 0) === range.network[0]) return true
  }
  return false
}

function matchesV6(ranges: readonly Cidr[], words: Uint32Array): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const { network, mask } = ranges[i]!
    if (
      ((words[0]! & mask[0]!) >>> 0) === network[0] && ((words[1]! & mask[1]!) >>> 0) === network[1] &&
      ((words[2]! & mask[2]!) >>> 0) === network[2] && ((words[3]! & mask[3]!) >>> 0) === network[3]
    ) return true
  }
  return false
}

/** Compiles the ranges of an IpAddress condition (NotIpAddress negates it). */
export function compileIpTest(values: readonly string[]): ValueTest {
  const ipv4: Cidr[] = []
  const ipv6: Cidr[] = []
  let malformed = false
  for (const value of values) {
    const cidr = parseCidr(value)
    if (cidr === undefined) malformed = true
    else (cidr.ipv6 ? ipv6 : ipv4).push(cidr)
  }
  return new IpTest(ipv4, ipv6, malformed)
}
