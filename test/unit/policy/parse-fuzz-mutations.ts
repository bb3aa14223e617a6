// Seeded generators for parse-fuzz.test.ts: valid seed policies, and mutations of their values and
// of their text. Deterministic: the same seed gives the same documents on every machine.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** mulberry32: a tiny 32-bit PRNG, good enough to spread test cases, reproducible from its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Random {
  readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }

  int(below: number): number {
    return Math.floor(this.next() * below)
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }

  chance(p: number): boolean {
    return this.next() < p
  }
}

const A = '111122223333'

/** Valid documents of each kind: the fuzzer's starting points. */
export const SEEDS: readonly { kind: 'identity' | 'resource' | 'trust'; document: Json }[] = [
  { kind: 'identity', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } },
  { kind: 'identity', document: { Version: '2012-10-17', Statement: [
    { Sid: 'Own', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    { Sid: 'NoMfa', Effect: 'Deny', NotAction: ['iam:*MFADevice', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  ] } },
  { kind: 'identity', document: { Id: 'x', Statement: { Effect: 'Deny', NotAction: 's3:*', NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::a/*'], Condition: {
    'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*', 'b?'] }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] },
  } } } },
  { kind: 'resource', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/Bob`, `arn:aws:iam::${A}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] } },
  { kind: 'trust', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML', Principal: { Federated: `arn:aws:iam::${A}:saml-provider/idp` },
    Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } } } },
  { kind: 'trust', document: { Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:org/*:ref:refs/heads/main' } } },
    { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'], AWS: A }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
  ] } },
]

const ELEMENT_NAMES = ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
  'AWS', 'Federated', 'Service', 'CanonicalUser', 'StringEquals', 'NullIfExists', 'ForAnyValue:Null', 'ForAll:StringLike', 'aws:username', '__proto__', 'constructor', '']
const UNICODE = ['\u2603', '\u{1F600}', '\ud800', '\udfff', '\u0000', '\u001f', '\ufeff', '\u202e', '\u00e9', '\u00ff', '\u0100', '\u4e2d', '\t', '\n', '"', '\\']
const STRINGS = ['*', '', ' ', 'Allow', 'Deny', 'allow', '2012-10-17', '2008-10-17', 's3:GetObject', 's3:', ':', 'sts:AssumeRole', 'sts:*', 'STS:Assume?ole',
  'arn:aws:s3:::b', 'arn:', 'arn:aws:iam::*:root', `arn:aws:iam::${A}:role/a/b/c`, `arn:aws:sts::${A}:assumed-role/r/s`, A, '11112222333',
  'ec2.amazonaws.com', 'accounts.google.com', 'https://x', '${aws:username}', 'a'.repeat(300), '/'.repeat(50) + 'x', 'a:b:c:d:e:f:g']

function randomScalar(random: Random): Json {
  switch (random.int(6)) {
    case 0: return random.pick(STRINGS)
    case 1: return random.pick([0, -1, 1.5, 1e21, 2 ** 53 + 1, -0])
    case 2: return random.chance(0.5)
    case 3: return null
    case 4: return random.pick(UNICODE).repeat(1 + random.int(3))
    default: return random.pick(ELEMENT_NAMES)
  }
}

function swapType(value: Json, random: Random): Json {
  switch (random.int(5)) {
    case 0: return [value]
    case 1: return { [random.pick(ELEMENT_NAMES)]: value }
    case 2: return typeof value === 'string' ? Number.parseFloat(value) || value.length : JSON.stringify(value) ?? 'null'
    case 3: return Array.isArray(value) ? (value[0] ?? []) : []
    default: return randomScalar(random)
  }
}

/** Every container (object or array) in a value, with the value itself first. */
function containers(value: Json, out: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (value !== null && typeof value === 'object') {
    out.push(value)
    for (const child of Object.values(value)) containers(child, out)
  }
  return out
}

/** Changes one random place of `document` in place, or wraps it; returns the (possibly new) root. */
export function mutateValue(document: Json, random: Random): Json {
  const target = random.pick(containers(document))
  if (target === undefined) return swapType(document, random)
  const keys = Object.keys(target)
  const key = keys.length > 0 ? random.pick(keys) : undefined
  const slot = target as Record<string, Json>
  switch (random.int(9)) {
    case 0: // drop a key or an item
      if (key !== undefined) Array.isArray(target) ? target.splice(Number(key), 1) : delete slot[key]
      break
    case 1: // rename a key
      if (key !== undefined && !Array.isArray(target)) {
        const renamed = random.chance(0.5) ? random.pick(ELEMENT_NAMES) : random.chance(0.5) ? key.toLowerCase() : `${key}${random.pick(UNICODE)}`
        const value = slot[key]!
        delete slot[key]
        slot[renamed] = value
      }
      break
    case 2: // swap a value's type
      if (key !== undefined) slot[key] = swapType(slot[key]!, random)
      break
    case 3: // replace with a scalar
      if (key !== undefined) slot[key] = randomScalar(random)
      break
    case 4: // inject unicode into a string
      if (key !== undefined && typeof slot[key] === 'string') {
        const text = slot[key]
        const at = random.int(text.length + 1)
        slot[key] = `${text.slice(0, at)}${random.pick(UNICODE)}${text.slice(at)}`
      }
      break
    case 5: // deep nesting
      if (key !== undefined) {
        let nested: Json = slot[key]!
        for (let depth = 10 + random.int(60); depth > 0; depth--) nested = random.chance(0.5) ? [nested] : { a: nested }
        slot[key] = nested
      }
      break
    case 6: // a huge array
      // Of scalars: an array of copies of a container would grow with every later mutation.
      if (key !== undefined) {
        const item = slot[key]!
        const filler = item === null || typeof item !== 'object' ? item : randomScalar(random)
        if (typeof filler === 'string' && filler.length > 300) break
        slot[key] = Array.from({ length: 200 + random.int(2000) }, (_, i) => (i % 7 === 0 ? randomScalar(random) : filler))
      }
      break
    case 7: // add an element
      if (!Array.isArray(target)) slot[random.pick(ELEMENT_NAMES)] = randomScalar(random)
      else target.push(randomScalar(random))
      break
    default:
      return swapType(document, random)
  }
  return document
}

/** JSON text of `value` with odd but legal white space, and sometimes one key written twice. */
export function serialize(value: Json, random: Random, duplicateKey: boolean): string {
  // One duplicate per document: duplicating at every level would double the text per level.
  let duplicates = duplicateKey ? 1 : 0
  const space = () => (random.chance(0.1) ? random.pick([' ', '\n', '\t', '\r\n  ']) : '')
  const write = (item: Json): string => {
    if (item === null || typeof item !== 'object') return JSON.stringify(item) ?? 'null'
    if (Array.isArray(item)) return `[${space()}${item.map(write).join(`,${space()}`)}]`
    const members = Object.entries(item).map(([key, child]) => `${JSON.stringify(key)}${space()}:${space()}${write(child)}`)
    if (duplicates > 0 && members.length > 0 && random.chance(0.3)) {
      duplicates--
      members.push(random.pick(members))
    }
    return `{${space()}${members.join(`,${space()}`)}${space()}}`
  }
  return write(value)
}

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '\\', 'true', 'null', '-', '0', '1e', '.', ' ', '\u0000', '\u00a0', '\ud83d', '/*', '\'']

/** Damages JSON text: truncation, deleted, replaced or inserted characters and tokens. */
export function mutateText(text: string, random: Random): string {
  const at = random.int(text.length + 1)
  switch (random.int(4)) {
    case 0: return text.slice(0, at)
    case 1: return text.slice(0, at) + text.slice(at + 1 + random.int(5))
    case 2: return text.slice(0, at) + random.pick(TOKENS) + text.slice(at + 1)
    default: return text.slice(0, at) + random.pick(TOKENS) + text.slice(at)
  }
}

export function clone(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json
}

export type { Json }
