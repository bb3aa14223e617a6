import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../../src/errors.ts'
import { QueryParams } from '../../../src/protocol/query-params.ts'
import { parseAssumeRole } from '../../../src/sts/actions/assume-role.ts'
import {
  durationSeconds, mfaParameters, optionalString, policyArns, requiredString, RULES, sessionTags, transitiveTagKeys,
} from '../../../src/sts/session-parameters.ts'

const params = (entries: Record<string, string> | Array<readonly [string, string]>) =>
  new QueryParams(Array.isArray(entries) ? entries : Object.entries(entries))

const tagEntries = (tags: ReadonlyArray<readonly [string, string]>) =>
  tags.flatMap(([key, value], i) => [[`Tags.member.${i + 1}.Key`, key], [`Tags.member.${i + 1}.Value`, value]] as const)

/** The ServiceError `run` throws, as { code, status, message }. */
function refusal(run: () => unknown): { code: string; status: number; message: string } {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    const { code, status, message } = error as ServiceError
    return { code, status, message }
  }
  throw new Error('expected a ServiceError, nothing was thrown')
}

const validation = (message: string) => ({ code: 'ValidationError', status: 400, message: `1 validation error detected: ${message}` })

const ROLE_ARN = 'arn:aws:iam::123456789012:role/Deployer'
const NAME_PATTERN = 'Member must satisfy regular expression pattern: [\\w+=,.@-]*'
const TAG_KEY_PATTERN = 'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+'

describe('RoleSessionName, Name, RoleArn and the other strings', () => {
  it('returns a valid value as given', () => {
    expect(requiredString(params({ RoleSessionName: 'alice@example.com' }), 'RoleSessionName', RULES.roleSessionName)).toBe('alice@example.com')
    expect(requiredString(params({ RoleArn: ROLE_ARN }), 'RoleArn', RULES.roleArn)).toBe(ROLE_ARN)
    expect(requiredString(params({ RoleSessionName: 'ab' }), 'RoleSessionName', RULES.roleSessionName)).toBe('ab')
    expect(requiredString(params({ RoleSessionName: 'a'.repeat(64) }), 'RoleSessionName', RULES.roleSessionName)).toBe('a'.repeat(64))
  })

  it.each([
    ['RoleSessionName', 'a', RULES.roleSessionName, "Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"],
    ['RoleSessionName', 'a'.repeat(65), RULES.roleSessionName, `Value '${'a'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`],
    ['RoleSessionName', 'alice smith', RULES.roleSessionName, `Value 'alice smith' at 'roleSessionName' failed to satisfy constraint: ${NAME_PATTERN}`],
    ['RoleSessionName', 'alice/ops', RULES.roleSessionName, `Value 'alice/ops' at 'roleSessionName' failed to satisfy constraint: ${NAME_PATTERN}`],
    ['RoleSessionName', 'jürgen', RULES.roleSessionName, `Value 'jürgen' at 'roleSessionName' failed to satisfy constraint: ${NAME_PATTERN}`],
    ['Name', 'x.dwornikowski@example.com-awsconsole', RULES.federatedName, "Value 'x.dwornikowski@example.com-awsconsole' at 'name' failed to satisfy constraint: Member must have length less than or equal to 32"],
    ['RoleArn', 'arn:aws:iam::1:role', RULES.roleArn, "Value 'arn:aws:iam::1:role' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"],
    ['RoleArn', `${ROLE_ARN}\u0000`, RULES.roleArn, `Value '${ROLE_ARN}\u0000' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+`],
    ['SourceIdentity', 'a b', RULES.sourceIdentity, `Value 'a b' at 'sourceIdentity' failed to satisfy constraint: ${NAME_PATTERN}`],
    ['ExternalId', 'x', RULES.externalId, "Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"],
    ['ExternalId', 'tenant#42', RULES.externalId, "Value 'tenant#42' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"],
    ['Policy', 'p'.repeat(2049), RULES.policy, `Value '${'p'.repeat(2049)}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`],
    ['Policy', '{"Sid":"Ā"}', RULES.policy, `Value '{"Sid":"Ā"}' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+`],
  ] as const)('refuses %s %j', (name, value, rule, message) => {
    expect(refusal(() => requiredString(params({ [name]: value }), name, rule))).toEqual(validation(message))
  })

  it('names both constraints an empty value fails (length and a pattern asking for one character or more)', () => {
    const both = (member: string) => ({
      code: 'ValidationError', status: 400,
      message: `2 validation errors detected: Value '' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1; ` +
        `Value '' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: `,
    })
    const policy = refusal(() => requiredString(params({ Policy: '' }), 'Policy', RULES.policy))
    expect(policy.message.startsWith(both('policy').message)).toBe(true)
    const tag = refusal(() => sessionTags(params(tagEntries([['', 'v']]))))
    expect(tag.message.startsWith(both('tags.1.member.key').message)).toBe(true)
  })

  it('says a missing required member is null', () => {
    expect(refusal(() => requiredString(params({}), 'RoleArn', RULES.roleArn)))
      .toEqual(validation("Value null at 'roleArn' failed to satisfy constraint: Member must not be null"))
    expect(refusal(() => requiredString(params({ RoleArn: ROLE_ARN }), 'RoleSessionName', RULES.roleSessionName)))
      .toEqual(validation("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null"))
  })

  it('treats an optional member that is absent as undefined and checks one that is present', () => {
    expect(optionalString(params({}), 'ExternalId', RULES.externalId)).toBeUndefined()
    expect(optionalString(params({ ExternalId: 'tenant:42/a' }), 'ExternalId', RULES.externalId)).toBe('tenant:42/a')
    // Present but empty is a value, and too short.
    expect(refusal(() => optionalString(params({ SourceIdentity: '' }), 'SourceIdentity', RULES.sourceIdentity)))
      .toEqual(validation("Value '' at 'sourceIdentity' failed to satisfy constraint: Member must have length greater than or equal to 2"))
  })

  it('counts length in code points, not UTF-16 units', () => {
    // U+1D49C MATHEMATICAL SCRIPT CAPITAL A is one code point, two UTF-16 units; the ARN pattern admits it.
    const astral = '\u{1D49C}'
    const arn = `arn:aws:iam::123:r/${astral}`
    expect([...arn].length).toBe(20)
    expect(requiredString(params({ RoleArn: arn }), 'RoleArn', RULES.roleArn)).toBe(arn)
    const short = `arn:aws:iam::12:r/${astral}`
    expect(short.length).toBe(20)
    expect(refusal(() => requiredString(params({ RoleArn: short }), 'RoleArn', RULES.roleArn)))
      .toEqual(validation(`Value '${short}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`))
  })
})

describe('DurationSeconds', () => {
  it('is undefined when absent and a number within the range', () => {
    expect(durationSeconds(params({}), 900, 43200)).toBeUndefined()
    expect(durationSeconds(params({ DurationSeconds: '900' }), 900, 43200)).toBe(900)
    expect(durationSeconds(params({ DurationSeconds: '43200' }), 900, 43200)).toBe(43200)
    expect(durationSeconds(params({ DurationSeconds: '3600' }), 900, 129600)).toBe(3600)
  })

  it.each([
    ['899', 900, 43200, "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"],
    ['-1', 900, 43200, "Value '-1' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"],
    ['43201', 900, 43200, "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"],
    ['129601', 900, 129600, "Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"],
  ] as const)('refuses %s out of [%d, %d]', (text, min, max, message) => {
    expect(refusal(() => durationSeconds(params({ DurationSeconds: text }), min, max))).toEqual(validation(message))
  })

  it.each(['', 'abc', '3600.0', '3600.5', '1e3', ' 3600', '3600 ', '+3600', '0x384', '9'.repeat(13)])('refuses the non-integer %j', (text) => {
    expect(refusal(() => durationSeconds(params({ DurationSeconds: text }), 900, 43200))).toEqual({
      code: 'ValidationError', status: 400, message: `Value '${text}' for parameter DurationSeconds is invalid. It must be an integer.`,
    })
  })
})

describe('Tags and TransitiveTagKeys', () => {
  it('returns the tags in order, with empty values and unicode keys', () => {
    const tags = [['Project', 'Überblick'], ['Abteilung', ''], ['部署', '開発'], ['Größe', 'XL'], ['key with space', 'a:b/c=d+e-f@g.h_i'], ['𝒜', 'x']] as const
    expect(sessionTags(params(tagEntries(tags)))).toEqual(tags)
  })

  it('is empty for no tags and for the empty list botocore sends', () => {
    expect(sessionTags(params({}))).toEqual([])
    expect(sessionTags(params({ Tags: '' }))).toEqual([])
  })

  it('accepts 50 tags and refuses 51', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`] as const)
    expect(sessionTags(params(tagEntries(tags(50))))).toHaveLength(50)
    const error = refusal(() => sessionTags(params(tagEntries(tags(51)))))
    expect(error).toMatchObject({ code: 'ValidationError', status: 400 })
    // How AWS renders a list value in this message is not pinned here; the member and constraint are.
    expect(error.message).toMatch(/^1 validation error detected: Value .+ at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/)
  })

  it('accepts a 128-character key and a 256-character value (in code points)', () => {
    const key = '𝒜'.repeat(128)
    expect(key.length).toBe(256)
    expect(sessionTags(params(tagEntries([[key, 'v'.repeat(256)]])))).toEqual([[key, 'v'.repeat(256)]])
  })

  it.each([
    [['k'.repeat(129), 'v'], `Value '${'k'.repeat(129)}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`],
    [['cost!center', 'v'], `Value 'cost!center' at 'tags.1.member.key' failed to satisfy constraint: ${TAG_KEY_PATTERN}`],
    [['team', 'v'.repeat(257)], `Value '${'v'.repeat(257)}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`],
    [['team', 'a#b'], "Value 'a#b' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"],
  ] as const)('refuses the tag %j', (tag, message) => {
    expect(refusal(() => sessionTags(params(tagEntries([tag]))))).toEqual(validation(message))
  })

  it('names the member that is wrong by its 1-based index', () => {
    expect(refusal(() => sessionTags(params(tagEntries([['a', '1'], ['b', '2'], ['c', 'x'.repeat(257)]])))))
      .toEqual(validation(`Value '${'x'.repeat(257)}' at 'tags.3.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`))
  })

  it('says a missing key or value is null', () => {
    expect(refusal(() => sessionTags(params({ 'Tags.member.1.Value': 'v' }))))
      .toEqual(validation("Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null"))
    expect(refusal(() => sessionTags(params({ 'Tags.member.1.Key': 'k' }))))
      .toEqual(validation("Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null"))
  })

  it.each([
    [['Department', 'a'], ['department', 'b']],
    [['team', 'a'], ['team', 'b']],
    [['ÄRGER', 'a'], ['ärger', 'b']],
  ] as const)('refuses the keys %j and %j as duplicates', (first, second) => {
    expect(refusal(() => sessionTags(params(tagEntries([first, ['other', 'x'], second]))))).toEqual({
      code: 'InvalidParameterValue', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    })
  })

  it('checks TransitiveTagKeys: up to 50 tag keys', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`TransitiveTagKeys.member.${i + 1}`, `k${i}`]))
    expect(transitiveTagKeys(params({}))).toEqual([])
    expect(transitiveTagKeys(params(keys(50)))).toHaveLength(50)
    const error = refusal(() => transitiveTagKeys(params(keys(51))))
    expect(error).toMatchObject({ code: 'ValidationError', status: 400 })
    expect(error.message).toMatch(/^1 validation error detected: Value .+ at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50$/)
    expect(refusal(() => transitiveTagKeys(params({ 'TransitiveTagKeys.member.1': 'a', 'TransitiveTagKeys.member.2': 'b!' }))))
      .toEqual(validation(`Value 'b!' at 'transitiveTagKeys.2.member' failed to satisfy constraint: ${TAG_KEY_PATTERN}`))
  })
})

describe('PolicyArns', () => {
  const arns = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`PolicyArns.member.${i + 1}.arn`, `arn:aws:iam::123456789012:policy/P${i}`]))

  it('returns up to 10 ARNs in order', () => {
    expect(policyArns(params({}))).toEqual([])
    expect(policyArns(params(arns(10)))).toEqual(Array.from({ length: 10 }, (_, i) => `arn:aws:iam::123456789012:policy/P${i}`))
  })

  it('refuses 11', () => {
    const error = refusal(() => policyArns(params(arns(11))))
    expect(error).toMatchObject({ code: 'ValidationError', status: 400 })
    expect(error.message).toMatch(/^1 validation error detected: Value .+ at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10$/)
  })

  it('checks each ARN', () => {
    expect(refusal(() => policyArns(params({ ...arns(1), 'PolicyArns.member.2.arn': 'arn:aws:iam::1:p/x' }))))
      .toEqual(validation("Value 'arn:aws:iam::1:p/x' at 'policyArns.2.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20"))
  })
})

describe('SerialNumber and TokenCode', () => {
  const SERIAL = 'arn:aws:iam::123456789012:mfa/alice-phone'

  it('returns the ones given', () => {
    expect(mfaParameters(params({}))).toEqual({})
    expect(mfaParameters(params({ SerialNumber: SERIAL, TokenCode: '012345' }))).toEqual({ serialNumber: SERIAL, tokenCode: '012345' })
    // Pairing them is the MFA check's job, not the parser's.
    expect(mfaParameters(params({ TokenCode: '123456' }))).toEqual({ tokenCode: '123456' })
    expect(mfaParameters(params({ SerialNumber: 'GAHT12345678' }))).toEqual({ serialNumber: 'GAHT12345678' })
  })

  it.each([
    ['12345', "Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6"],
    ['1234567', "Value '1234567' at 'tokenCode' failed to satisfy constraint: Member must have length less than or equal to 6"],
    ['12345a', "Value '12345a' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*"],
    ['１２３４５６', "Value '１２３４５６' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*"],
  ])('refuses TokenCode %j', (code, message) => {
    expect(refusal(() => mfaParameters(params({ SerialNumber: SERIAL, TokenCode: code })))).toEqual(validation(message))
  })

  it('refuses a malformed SerialNumber', () => {
    expect(refusal(() => mfaParameters(params({ SerialNumber: 'arn:mfa', TokenCode: '123456' }))))
      .toEqual(validation("Value 'arn:mfa' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9"))
    expect(refusal(() => mfaParameters(params({ SerialNumber: 'arn:aws:iam::123456789012:mfa/a b' }))))
      .toEqual(validation("Value 'arn:aws:iam::123456789012:mfa/a b' at 'serialNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]*"))
  })
})

describe('all constraint failures of a request are reported together, as AWS does', () => {
  const assumeRole = (entries: Array<[string, string]>) => () => parseAssumeRole(new QueryParams(entries))

  it('joins failures of several members, in the order of the model', () => {
    expect(assumeRole([['RoleArn', 'arn:aws:iam::123456789012:role/R'], ['RoleSessionName', 'a'], ['DurationSeconds', '1']]))
      .toThrow(expect.objectContaining({
        code: 'ValidationError',
        message: "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
          "Value '1' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      }))
  })

  it('names every constraint one value fails', () => {
    expect(assumeRole([['RoleArn', 'arn:aws:iam::123456789012:role/R'], ['RoleSessionName', '!']]))
      .toThrow("2 validation errors detected: Value '!' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
  })

  it('reports constraint failures before a rule broken by well-formed values', () => {
    const tags: Array<[string, string]> = [['Tags.member.1.Key', 'Team'], ['Tags.member.1.Value', 'a'], ['Tags.member.2.Key', 'team'], ['Tags.member.2.Value', 'b']]
    expect(assumeRole([['RoleArn', 'arn:aws:iam::123456789012:role/R'], ['RoleSessionName', 'ok-name'], ...tags, ['DurationSeconds', '100000']]))
      .toThrow(expect.objectContaining({ code: 'ValidationError' }))
    expect(assumeRole([['RoleArn', 'arn:aws:iam::123456789012:role/R'], ['RoleSessionName', 'ok-name'], ...tags]))
      .toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }))
  })
})
