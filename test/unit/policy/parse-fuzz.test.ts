import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import type { PolicyKind } from '../../../src/policy/document.ts'
import { isJsonObject, JsonNumber, readJson, type JsonValue } from '../../../src/policy/parse-json.ts'
import { parsePolicyDocument, validatePolicyDocument } from '../../../src/policy/parse-policy.ts'
import { splitPolicyPath } from '../../../src/policy/policy-issues.ts'
import type { PolicySizeLimit } from '../../../src/policy/size-limits.ts'
import { clone, mutateText, mutateValue, Random, SEEDS, serialize } from './parse-fuzz-mutations.ts'

// Property test: whatever text arrives, validatePolicyDocument answers (never throws),
// parsePolicyDocument throws nothing but MalformedPolicyDocument, the two agree, every issue path
// splits back into its parts, and the JSON reader agrees with JSON.parse. Checks run as plain
// comparisons and call expect only on a mismatch, for its diff: expect in a 12,000-round loop costs
// more than the parser.

const DOCUMENTS = 12_000
const KINDS: readonly PolicyKind[] = ['identity', 'session', 'boundary', 'resource', 'trust']
const LIMITS: readonly (PolicySizeLimit | undefined)[] = [undefined, undefined, undefined, 'user-inline', 'managed', 'trust']

/** The reader's value as JSON.parse would give it, to compare the two. */
function plain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return Number(value.text)
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && isJsonObject(value)) return Object.fromEntries([...value].map(([key, item]) => [key, plain(item)]))
  return value
}

function generate(random: Random): { text: string; kind: PolicyKind } {
  const seed = random.pick(SEEDS)
  let document = clone(seed.document)
  for (let n = random.int(4); n > 0; n--) document = mutateValue(document, random)
  let text = serialize(document, random, random.chance(0.3))
  if (random.chance(0.3)) text = mutateText(text, random)
  // Keep the seed's kind most of the time, so mutants are judged by the rules they were written for.
  return { text, kind: random.chance(0.7) ? seed.kind : random.pick(KINDS) }
}

function same(actual: unknown, expected: unknown, context: string): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual, context).toEqual(expected)
}

function holds(condition: boolean, context: string): void {
  if (!condition) throw new Error(`property failed for ${context}`)
}

function parsesAsJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

describe('policy parser fuzzing', () => {
  it(`answers ${DOCUMENTS} generated and mutated documents without throwing anything but MalformedPolicyDocument`, () => {
    const random = new Random(0x5eed_2026)
    const outcomes = { accepted: 0, refused: 0, syntax: 0, duplicateKeys: 0, tooDeep: 0, tooLarge: 0, characters: 0 }
    const started = performance.now()
    for (let i = 0; i < DOCUMENTS; i++) {
      const { text, kind } = generate(random)
      const sizeLimit = random.pick(LIMITS)
      const options = sizeLimit === undefined ? {} : { sizeLimit }
      const context = `document ${i} (${kind}, ${sizeLimit ?? 'no limit'}): ${text.slice(0, 300)}`

      let result: ReturnType<typeof validatePolicyDocument>
      try {
        result = validatePolicyDocument(text, kind, options)
      } catch (error) {
        throw new Error(`validatePolicyDocument threw ${String(error)} for ${context}`)
      }

      let parsed: unknown
      try {
        parsed = parsePolicyDocument(text, kind, options)
      } catch (error) {
        if (!(error instanceof ServiceError) || error.code !== 'MalformedPolicyDocument') {
          throw new Error(`parsePolicyDocument threw ${String(error)} for ${context}`)
        }
        parsed = error
      }

      const reference = parsesAsJson(text)
      if ('document' in result) {
        outcomes.accepted++
        same(parsed, result.document, context)
        holds(reference !== undefined, `${context}\naccepted what JSON.parse refuses`)
      } else {
        outcomes.refused++
        holds(result.issues.length > 0, `${context}\nrefused without an issue`)
        const first = result.issues[0]!
        holds(parsed instanceof ServiceError && parsed.message === (first.path === '' ? first.message : `${first.path}: ${first.message}`), `${context}\nthrew another message`)
        for (const issue of result.issues) {
          holds(splitPolicyPath(issue.path) !== undefined, `${context}\npath ${issue.path} does not split`)
          holds(/^\S.*\S$/s.test(issue.message) && !/undefined|\[object |NaN/.test(issue.message), `${context}\nmessage ${issue.message}`)
        }
        if (first.message.startsWith('Syntax errors in policy')) outcomes.syntax++
        if (first.message.startsWith('duplicate key')) outcomes.duplicateKeys++
        if (first.message.includes('nesting deeper')) outcomes.tooDeep++
        if (first.message.startsWith('policy is ')) outcomes.tooLarge++
        if (result.issues.some((issue) => issue.message.includes('policy documents may contain only'))) outcomes.characters++
      }

      // The reader agrees with JSON.parse, apart from what it refuses on purpose.
      const read = readJson(text)
      if (reference === undefined) holds('issue' in read, `${context}\nread what JSON.parse refuses`)
      else if ('value' in read) same(plain(read.value), reference.value, context)
      else holds(/^duplicate key|nesting deeper/.test(read.issue.message), `${context}\nrefused valid JSON: ${read.issue.message}`)
    }
    const seconds = (performance.now() - started) / 1000

    // The mutants must reach every stage, or the run proves little.
    expect(outcomes.accepted).toBeGreaterThan(500)
    expect(outcomes.refused).toBeGreaterThan(5000)
    for (const stage of ['syntax', 'duplicateKeys', 'tooDeep', 'tooLarge', 'characters'] as const) expect(outcomes[stage], stage).toBeGreaterThan(20)
    expect(seconds).toBeLessThan(20)
  })

  it('gives the same answer for the same text every time', () => {
    const random = new Random(7)
    for (let i = 0; i < 200; i++) {
      const { text, kind } = generate(random)
      expect(validatePolicyDocument(text, kind)).toEqual(validatePolicyDocument(text, kind))
    }
  })
})
