import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { failed, pythonClients, succeeded, type Boto3Call, type Boto3Outcome, type Signer as KeySigner } from '../../support/python-clients.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// Unmodified boto3 and AWS CLI v1 against the real server: what these clients send and how they
// read our answers (error Code, HTTP status, Message), not what the JS SDK happens to accept.

const key = (secret: string) => ({ accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: secret })
const ALICE = key('alice/Secret+Key0123456789abcdefghijklmn')
const BOB = key('bobSecretKey+0123456789/ABCDEFGHIJKLMNOP')
const CAROL = key('carolSecretKey0123456789+ABCDEFGHIJKLMNO')
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/engineering/alice`
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const trust = (extra = '') =>
  `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "${ALICE_ARN}" }, Action: [sts:AssumeRole, sts:TagSession]${extra} }] }`
const allow = (action: string, resource: string) =>
  `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "${action}", Resource: "${resource}" }] }`

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        path: /engineering/
        inlinePolicies:
          - { name: federate, document: ${allow('sts:GetFederationToken', '*')} }
          - { name: decode, document: ${allow('sts:DecodeAuthorizationMessage', '*')} }
          - { name: key-info, document: ${allow('sts:GetAccessKeyInfo', '*')} }
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
      - name: bob
        inlinePolicies: [{ name: assume-any-role, document: ${allow('sts:AssumeRole', '*')} }]
        accessKeys: [{ id: ${BOB.accessKeyId}, secret: "${BOB.secretAccessKey}" }]
      - name: carol
        accessKeys: [{ id: ${CAROL.accessKeyId}, secret: "${CAROL.secretAccessKey}" }]
    mfaDevices:
      - { name: alice-phone, seed: ${SEED}, user: alice }
    roles:
      - name: Reader
        maxSessionDuration: 7200
        trustPolicy: ${trust()}
        inlinePolicies: [{ name: chain, document: ${allow('sts:AssumeRole', roleArn('Chained'))} }]
      - name: Chained
        maxSessionDuration: 43200
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "${roleArn('Reader')}" }, Action: sts:AssumeRole }] }
      - name: Partner
        trustPolicy: ${trust(', Condition: { StringEquals: { "sts:ExternalId": partner-4711 } }')}
      - name: Admin
        trustPolicy: ${trust(', Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } }')}
`

interface Credentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }
interface Response {
  Credentials?: Credentials
  AssumedRoleUser?: { Arn: string; AssumedRoleId: string }
  FederatedUser?: { Arn: string; FederatedUserId: string }
  Arn?: string
  UserId?: string
  Account?: string
}
type Outcome = Boto3Outcome<Response>
type Signer = Boto3Call['credentials']
type Call = Boto3Call
const session = (outcome: Outcome | undefined) => {
  const { AccessKeyId, SecretAccessKey, SessionToken } = succeeded(outcome).Credentials!
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken }
}
const assume = (credentials: Signer, role: string, params: Record<string, unknown> = {}, validate = true): Call =>
  ({ operation: 'assume_role', credentials, params: { RoleArn: roleArn(role), RoleSessionName: 'python', ...params }, validate })
const whoAmI = (credentials: Signer): Call => ({ operation: 'get_caller_identity', credentials })

/** Expiration is whole seconds after the server's clock at issue, which lies between `before` and `after`. */
function expectExpiry(credentials: Credentials | undefined, seconds: number, before: number, after: number) {
  const expires = Date.parse(credentials!.Expiration)
  expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + seconds * 1000)
  expect(expires).toBeLessThanOrEqual(after + seconds * 1000)
}

const notAuthorized = (caller: string, role: string) =>
  new RegExp(`^User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(role)}`)
const ACCESS_DENIED = { code: 'AccessDenied', status: 403 }
const VALIDATION = { code: 'ValidationError', status: 400 }

describe(`boto3 and the AWS CLI v1 against stsgate on ${backend}`, () => {
  let server: StsTestServer
  let clients: Awaited<ReturnType<typeof pythonClients>>
  beforeAll(async () => {
    server = await startStsTestServer(CONFIG)
    clients = await pythonClients(server.url)
  })
  afterAll(async () => {
    await server?.close()
    await clients?.close()
  })

  const boto3 = (calls: Call[]): Promise<Outcome[]> => clients.boto3<Response>(calls)

  it('AssumeRole issues ASIA credentials that boto3 then signs GetCallerIdentity with', async () => {
    const before = Date.now()
    const [issued, identity] = await boto3([assume(ALICE, 'Reader', { RoleSessionName: 'alice-reads', DurationSeconds: 1800 }), whoAmI({ from: 0 })])
    const result = succeeded(issued)
    expect(result.Credentials).toMatchObject({
      AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
      SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
      SessionToken: expect.stringMatching(/^[A-Za-z0-9+/]{100,}={0,2}$/),
    })
    expectExpiry(result.Credentials, 1800, before, Date.now())
    expect(result.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/alice-reads`,
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:alice-reads$/),
    })
    expect(succeeded(identity)).toEqual({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/alice-reads`, Account: ACCOUNT, UserId: result.AssumedRoleUser!.AssumedRoleId,
    })
  })

  it('AssumeRole refuses callers the trust policy does not admit, and the root user', async () => {
    const outcomes = await boto3([
      assume(CAROL, 'Reader'),
      assume(BOB, 'Reader'),
      assume(ALICE, 'Partner', { ExternalId: 'wrong-id' }),
      assume(ALICE, 'Partner', { ExternalId: 'partner-4711' }),
      assume(ROOT, 'Reader'),
    ])
    const [carol, bob, wrongExternalId, rightExternalId, root] = outcomes
    expect(failed(carol)).toMatchObject({ ...ACCESS_DENIED, message: expect.stringMatching(notAuthorized(`arn:aws:iam::${ACCOUNT}:user/carol`, 'Reader')) })
    // An identity policy allowing sts:AssumeRole on "*" is not enough: a role's trust policy must
    // admit the caller (IAM User Guide, policy evaluation logic: role trust policies are the exception).
    expect(failed(bob)).toMatchObject({ ...ACCESS_DENIED, message: expect.stringMatching(notAuthorized(`arn:aws:iam::${ACCOUNT}:user/bob`, 'Reader')) })
    expect(failed(wrongExternalId)).toMatchObject({ ...ACCESS_DENIED, message: expect.stringMatching(notAuthorized(ALICE_ARN, 'Partner')) })
    expect(succeeded(rightExternalId).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Partner/python`)
    expect(failed(root)).toEqual({ ...ACCESS_DENIED, message: 'Roles may not be assumed by root accounts.' })
  })

  it('AssumeRole refuses bad durations, session names and tags with ValidationError or InvalidParameterValue', async () => {
    const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    const [aboveRoleMax, tooShort, badName, tooManyTags, duplicateKeys] = await boto3([
      assume(ALICE, 'Reader', { DurationSeconds: 7201 }),
      // botocore itself refuses DurationSeconds below the model's 900; with its checks off the server answers.
      assume(ALICE, 'Reader', { DurationSeconds: 800 }, false),
      assume(ALICE, 'Reader', { RoleSessionName: 'bad name!' }),
      assume(ALICE, 'Reader', { Tags: tags(51) }),
      assume(ALICE, 'Reader', { Tags: [{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }] }),
    ])
    expect(failed(aboveRoleMax)).toEqual({ ...VALIDATION, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' })
    expect(failed(tooShort)).toEqual({
      ...VALIDATION, message: "1 validation error detected: Value '800' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    })
    expect(failed(badName)).toEqual({
      ...VALIDATION,
      message: "1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    })
    expect(failed(tooManyTags)).toMatchObject({ ...VALIDATION, message: expect.stringContaining("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50") })
    expect(failed(duplicateKeys)).toEqual({ code: 'InvalidParameterValue', status: 400, message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' })
  })

  it('a role session may chain into another role for at most an hour', async () => {
    const [, chained, tooLong] = await boto3([
      assume(ALICE, 'Reader'),
      assume({ from: 0 }, 'Chained', { RoleSessionName: 'hop' }),
      assume({ from: 0 }, 'Chained', { RoleSessionName: 'hop', DurationSeconds: 7200 }),
    ])
    expect(succeeded(chained).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Chained/hop`)
    expect(failed(tooLong)).toEqual({ ...VALIDATION, message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' })
  })

  it('AssumeRole of a role that requires MFA: a fresh TOTP code passes, a replayed or wrong one does not', async () => {
    const totp = new TOTP({ secret: Secret.fromBase32(SEED), algorithm: 'SHA1', digits: 6, period: 30 })
    const code = totp.generate()
    // Unlike every code the server could accept around now (it allows one step either side).
    const near = new Set([-1, 0, 1, 2].map((step) => totp.generate({ timestamp: Date.now() + step * 30_000 })))
    let wrong = 0
    while (near.has(String(wrong).padStart(6, '0'))) wrong += 1
    const mfa = (tokenCode: string) => ({ SerialNumber: MFA_SERIAL, TokenCode: tokenCode })
    const [withoutMfa, fresh, replayed, wrongCode] = await boto3([
      assume(ALICE, 'Admin'),
      assume(ALICE, 'Admin', { RoleSessionName: 'with-mfa', ...mfa(code) }),
      assume(ALICE, 'Admin', mfa(code)),
      assume(ALICE, 'Admin', mfa(String(wrong).padStart(6, '0'))),
    ])
    expect(failed(withoutMfa)).toMatchObject({ ...ACCESS_DENIED, message: expect.stringMatching(notAuthorized(ALICE_ARN, 'Admin')) })
    expect(succeeded(fresh).AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/with-mfa`)
    const invalidCode = { ...ACCESS_DENIED, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' }
    expect(failed(replayed)).toEqual(invalidCode)
    expect(failed(wrongCode)).toEqual(invalidCode)
  })

  it('GetSessionToken: 12 hours for a user, at most 1 hour for root, never from session credentials', async () => {
    const before = Date.now()
    const [user, root, identity, federate, , fromSession] = await boto3([
      { operation: 'get_session_token', credentials: ALICE },
      { operation: 'get_session_token', credentials: ROOT, params: { DurationSeconds: 7200 } },
      whoAmI({ from: 0 }),
      { operation: 'get_federation_token', credentials: { from: 0 }, params: { Name: 'from-gst' } },
      assume(ALICE, 'Reader'),
      { operation: 'get_session_token', credentials: { from: 4 } },
    ])
    const after = Date.now()
    expectExpiry(succeeded(user).Credentials, 43200, before, after)
    expect(succeeded(user).Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expectExpiry(succeeded(root).Credentials, 3600, before, after)
    expect(succeeded(identity)).toMatchObject({ Arn: ALICE_ARN, Account: ACCOUNT, UserId: expect.stringMatching(/^AIDA/) })
    expect(failed(federate)).toEqual({ ...ACCESS_DENIED, message: 'Cannot call GetFederationToken with session credentials' })
    expect(failed(fromSession)).toEqual({ ...ACCESS_DENIED, message: 'Cannot call GetSessionToken with session credentials' })
  })

  it('GetFederationToken: a federated user that can say who it is but cannot assume roles', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] })
    const [federated, identity, assumed] = await boto3([
      { operation: 'get_federation_token', credentials: ALICE, params: { Name: 'partner-app', Policy: policy } },
      whoAmI({ from: 0 }),
      assume({ from: 0 }, 'Reader'),
    ])
    const arn = `arn:aws:sts::${ACCOUNT}:federated-user/partner-app`
    expect(succeeded(federated).FederatedUser).toEqual({ Arn: arn, FederatedUserId: `${ACCOUNT}:partner-app` })
    expect(succeeded(federated).Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(succeeded(identity)).toMatchObject({ Arn: arn, Account: ACCOUNT })
    expect(failed(assumed)).toMatchObject({ ...ACCESS_DENIED, message: expect.stringMatching(new RegExp(`^User: ${arn} is not authorized to perform: sts:AssumeRole`)) })
  })

  it('refuses a tampered session token, and an expired one', async () => {
    const [issued, fresh] = await boto3([assume(ALICE, 'Reader', { DurationSeconds: 900 }), whoAmI({ from: 0 })])
    expect(succeeded(fresh).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/python`)
    const credentials = session(issued)
    const token = credentials.sessionToken
    const middle = Math.floor(token.length / 2)
    const tampered = token.slice(0, middle) + (token[middle] === 'A' ? 'B' : 'A') + token.slice(middle + 1)
    const [refused] = await boto3([whoAmI({ ...credentials, sessionToken: tampered })])
    expect(failed(refused)).toEqual({ code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' })

    // boto3 signs with the local clock; the JS SDK can sign 16 minutes ahead, as the server now runs.
    const ahead = 16 * 60_000
    server.setClockOffset(ahead)
    try {
      const later = (signer: typeof credentials | typeof ALICE) =>
        new STSClient({ endpoint: server.url, region: 'eu-west-1', credentials: signer, systemClockOffset: ahead, maxAttempts: 1 })
          .send(new GetCallerIdentityCommand({}))
      expect((await later(ALICE)).Arn).toBe(ALICE_ARN) // the signing clock is right; only the token is old
      const expired = await later(credentials).then(() => undefined, (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) =>
        ({ code: error.name, message: error.message, status: error.$metadata.httpStatusCode }))
      expect(expired).toEqual({ code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' })
    } finally {
      server.setClockOffset(0)
    }
  })

  it('DecodeAuthorizationMessage and GetAccessKeyInfo answer allowed callers only', async () => {
    const [denied] = await boto3([assume(CAROL, 'Reader')])
    const encoded = /Encoded authorization failure message: ([\w-]+)$/.exec(failed(denied).message)![1]!
    const decode = (credentials: Signer, EncodedMessage: string): Call => ({ operation: 'decode_authorization_message', credentials, params: { EncodedMessage } })
    const [decoded, byCarol, garbage, keyInfo, keyInfoByCarol] = await boto3([
      decode(ALICE, encoded),
      decode(CAROL, encoded),
      decode(ALICE, 'bm90IGEgbWVzc2FnZQ'),
      { operation: 'get_access_key_info', credentials: ALICE, params: { AccessKeyId: CAROL.accessKeyId } },
      { operation: 'get_access_key_info', credentials: CAROL, params: { AccessKeyId: ALICE.accessKeyId } },
    ])
    const message = JSON.parse((succeeded(decoded) as { DecodedMessage: string }).DecodedMessage)
    expect(message).toMatchObject({
      allowed: false, explicitDeny: false,
      context: { principal: { arn: `arn:aws:iam::${ACCOUNT}:user/carol` }, action: 'sts:AssumeRole', resource: roleArn('Reader') },
    })
    expect(failed(byCarol)).toMatchObject({ ...ACCESS_DENIED, message: expect.stringMatching(/^User: arn:aws:iam::\d{12}:user\/carol is not authorized to perform: sts:DecodeAuthorizationMessage on resource: \*/) })
    expect(failed(garbage)).toEqual({ code: 'InvalidAuthorizationMessageException', status: 400, message: 'The encoded authorization message is not valid.' })
    expect(succeeded(keyInfo)).toEqual({ Account: ACCOUNT })
    expect(failed(keyInfoByCarol)).toMatchObject(ACCESS_DENIED)
  })

  it('works with the AWS CLI v1: get-caller-identity with role credentials, assume-role with a user key', async () => {
    const [issued] = await boto3([assume(ALICE, 'Reader', { RoleSessionName: 'cli' })])
    const role = session(issued)
    const cli = (args: string[], signer: KeySigner) => clients.awsCli(['sts', ...args], signer)
    const [identity, assumed] = await Promise.all([
      cli(['get-caller-identity'], role),
      cli(['assume-role', '--role-arn', roleArn('Reader'), '--role-session-name', 'from-cli'], ALICE),
    ])
    expect(JSON.parse(identity.stdout)).toMatchObject({ Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/cli`, Account: ACCOUNT })
    expect(JSON.parse(assumed.stdout)).toMatchObject({
      Credentials: { AccessKeyId: expect.stringMatching(/^ASIA/), SecretAccessKey: expect.any(String), SessionToken: expect.any(String), Expiration: expect.any(String) },
      AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/from-cli` },
    })
  })
})
