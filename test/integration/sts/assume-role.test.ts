import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts'
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'A'.repeat(40) }
const BOB = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'B'.repeat(40) }
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const allow = (actions: string, resource = '"*"') => `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ${actions}, Resource: ${resource} }] }`

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        tags: { team: platform }
        inlinePolicies:
          - name: assume-and-decode
            document: ${allow('["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "sts:DecodeAuthorizationMessage"]')}
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
      - name: bob
        accessKeys: [{ id: ${BOB.accessKeyId}, secret: "${BOB.secretAccessKey}" }]
    managedPolicies:
      - name: OnlyWhoAmI
        document: ${allow('"sts:GetCallerIdentity"')}
    roles:
      # May assume any role by its own policy, but its boundary allows no such thing.
      - name: Bounded
        permissionsBoundary: arn:aws:iam::${ACCOUNT}:policy/OnlyWhoAmI
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:root" }, Action: "sts:AssumeRole" }] }
        inlinePolicies:
          - name: assume-anything
            document: ${allow('"sts:AssumeRole"')}
      # Trusts the account: whoever its identity policies allow.
      - name: Reader
        path: /app/
        tags: { env: prod }
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - { Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:root" }, Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"] }
        inlinePolicies:
          - name: chain
            document: ${allow('["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]')}
      # Trusts the Reader role's sessions only, and only with the tag its callers must pass on.
      - name: Second
        maxSessionDuration: 7200
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { AWS: "arn:aws:iam::${ACCOUNT}:role/app/Reader" }
              Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
              Condition: { StringEquals: { "aws:PrincipalTag/project": "apollo" } }
        inlinePolicies:
          - name: decode
            document: ${allow('"sts:DecodeAuthorizationMessage"')}
`

const client = (url: string, credentials: STSClient['config']['credentials'] | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new STSClient({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 })

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(STSServiceException)
  return error as STSServiceException
}

describe(`AssumeRole sessions with @aws-sdk/client-sts on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  it('chains roles through the SDK provider, passing transitive tags and the source identity on', async () => {
    const readerSession = fromTemporaryCredentials({
      masterCredentials: ALICE,
      params: {
        RoleArn: role('app/Reader'), RoleSessionName: 'alice', SourceIdentity: 'alice@example.com',
        Tags: [{ Key: 'project', Value: 'apollo' }, { Key: 'cost', Value: '42' }], TransitiveTagKeys: ['project'],
      },
      clientConfig: { endpoint: server.url, region: 'eu-west-1', maxAttempts: 1 },
    })
    const chained = fromTemporaryCredentials({
      masterCredentials: readerSession,
      params: { RoleArn: role('Second'), RoleSessionName: 'chained' },
      clientConfig: { endpoint: server.url, region: 'eu-west-1', maxAttempts: 1 },
    })
    const identity = await client(server.url, chained).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Second/chained`)
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:chained$/)
  })

  it('issues ASIA credentials whose session names the role without its path', async () => {
    const result = await client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'one', DurationSeconds: 900 }))
    expect(result.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(result.Credentials!.SecretAccessKey).toHaveLength(40)
    expect(result.AssumedRoleUser).toEqual({ Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/one`, AssumedRoleId: expect.stringMatching(/^AROA\w{17}:one$/) })
    const remaining = result.Credentials!.Expiration!.getTime() - Date.now()
    expect(remaining).toBeGreaterThan(890_000)
    expect(remaining).toBeLessThanOrEqual(900_000)
    expect(result.PackedPolicySize).toBeUndefined()
  })

  it('refuses a chained session that lacks the tag the next trust policy asks for', async () => {
    const reader = await client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'untagged' }))
    const { AccessKeyId, SecretAccessKey, SessionToken } = reader.Credentials!
    const error = await failure(client(server.url, { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! })
      .send(new AssumeRoleCommand({ RoleArn: role('Second'), RoleSessionName: 'next' })))
    expect(error.name).toBe('AccessDenied')
    expect(error.$metadata.httpStatusCode).toBe(403)
    expect(error.message).toMatch(new RegExp(`^User: arn:aws:sts::${ACCOUNT}:assumed-role/Reader/untagged is not authorized to perform: sts:AssumeRole on resource: ${role('Second')}\\. Encoded authorization failure message: [\\w-]+$`))
  })

  it('keeps transitive tags and source identity fixed along the chain', async () => {
    const reader = await client(server.url, ALICE).send(new AssumeRoleCommand({
      RoleArn: role('app/Reader'), RoleSessionName: 'fixed', SourceIdentity: 'alice',
      Tags: [{ Key: 'project', Value: 'apollo' }], TransitiveTagKeys: ['project'],
    }))
    const session = client(server.url, { accessKeyId: reader.Credentials!.AccessKeyId!, secretAccessKey: reader.Credentials!.SecretAccessKey!, sessionToken: reader.Credentials!.SessionToken! })
    const retag = await failure(session.send(new AssumeRoleCommand({ RoleArn: role('Second'), RoleSessionName: 'next', Tags: [{ Key: 'Project', Value: 'other' }] })))
    expect([retag.name, retag.$metadata.httpStatusCode]).toEqual(['InvalidParameterValue', 400])
    const rename = await failure(session.send(new AssumeRoleCommand({ RoleArn: role('Second'), RoleSessionName: 'next', SourceIdentity: 'mallory' })))
    expect([rename.name, rename.message]).toEqual(['AccessDenied', 'The source identity of a role session cannot be changed once set.'])
    const chained = await session.send(new AssumeRoleCommand({ RoleArn: role('Second'), RoleSessionName: 'next' }))
    expect(chained.SourceIdentity).toBe('alice')
  })

  it('caps chained sessions at one hour and others at the role maximum, in AWS words', async () => {
    const overMax = await failure(client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'short', DurationSeconds: 3601 })))
    expect([overMax.name, overMax.$metadata.httpStatusCode, overMax.message]).toEqual(
      ['ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'])
    const reader = await client(server.url, ALICE).send(new AssumeRoleCommand({
      RoleArn: role('app/Reader'), RoleSessionName: 'chain', Tags: [{ Key: 'project', Value: 'apollo' }],
    }))
    const session = client(server.url, { accessKeyId: reader.Credentials!.AccessKeyId!, secretAccessKey: reader.Credentials!.SecretAccessKey!, sessionToken: reader.Credentials!.SessionToken! })
    const chained = await failure(session.send(new AssumeRoleCommand({ RoleArn: role('Second'), RoleSessionName: 'short', DurationSeconds: 7200 })))
    expect([chained.name, chained.message]).toEqual(['ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'])
  })

  it('limits a session by its session policy, and reports PackedPolicySize', async () => {
    const reader = await client(server.url, ALICE).send(new AssumeRoleCommand({
      RoleArn: role('app/Reader'), RoleSessionName: 'limited', Tags: [{ Key: 'project', Value: 'apollo' }],
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }),
    }))
    expect(reader.PackedPolicySize).toBeGreaterThan(0)
    expect(reader.PackedPolicySize).toBeLessThanOrEqual(100)
    const session = client(server.url, { accessKeyId: reader.Credentials!.AccessKeyId!, secretAccessKey: reader.Credentials!.SecretAccessKey!, sessionToken: reader.Credentials!.SessionToken! })
    const error = await failure(session.send(new AssumeRoleCommand({ RoleArn: role('Second'), RoleSessionName: 'next' })))
    expect(error.name).toBe('AccessDenied')
  })

  it("holds a role session to its role's permissions boundary", async () => {
    const bounded = await client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('Bounded'), RoleSessionName: 'bounded' }))
    const session = client(server.url, { accessKeyId: bounded.Credentials!.AccessKeyId!, secretAccessKey: bounded.Credentials!.SecretAccessKey!, sessionToken: bounded.Credentials!.SessionToken! })
    const error = await failure(session.send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'escape' })))
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    expect(error.message).toMatch(new RegExp(`^User: arn:aws:sts::${ACCOUNT}:assumed-role/Bounded/bounded is not authorized to perform: sts:AssumeRole`))
    // The same chain from a role without a boundary goes through.
    const reader = await client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'free' }))
    const free = client(server.url, { accessKeyId: reader.Credentials!.AccessKeyId!, secretAccessKey: reader.Credentials!.SecretAccessKey!, sessionToken: reader.Credentials!.SessionToken! })
    expect((await free.send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'again' }))).AssumedRoleUser!.Arn)
      .toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/again`)
  })

  it('refuses a malformed session policy and an unknown policy ARN', async () => {
    const malformed = await failure(client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'short', Policy: '{"Version":"2012-10-17"' })))
    expect([malformed.name, malformed.$metadata.httpStatusCode]).toEqual(['MalformedPolicyDocumentException', 400]) // the SDK's class for wire code MalformedPolicyDocument
    const unknown = await failure(client(server.url, ALICE).send(new AssumeRoleCommand({
      RoleArn: role('app/Reader'), RoleSessionName: 'short', PolicyArns: [{ arn: `arn:aws:iam::${ACCOUNT}:policy/Nope` }],
    })))
    expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual(['InvalidParameterValue', 400])
  })

  it('denies a caller no policy allows, and an unknown role the same way', async () => {
    const noPolicy = await failure(client(server.url, BOB).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'bob' })))
    expect([noPolicy.name, noPolicy.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    const missing = await failure(client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('Missing'), RoleSessionName: 'next' })))
    expect(missing.message).toMatch(new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${role('Missing')}\\.`))
    const wrongPath = await failure(client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('Reader'), RoleSessionName: 'next' })))
    expect(wrongPath.name).toBe('AccessDenied')
  })

  it('decodes the authorization message of a denial for an allowed caller of the same account only', async () => {
    const denied = await failure(client(server.url, BOB).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'bob' })))
    const encoded = /Encoded authorization failure message: ([\w-]+)$/.exec(denied.message)![1]!
    const { DecodedMessage } = await client(server.url, ALICE).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))
    const decoded = JSON.parse(DecodedMessage!)
    expect(decoded).toMatchObject({
      allowed: false,
      explicitDeny: false,
      context: { principal: { arn: `arn:aws:iam::${ACCOUNT}:user/bob` }, action: 'sts:AssumeRole', resource: role('app/Reader') },
    })
    const bobDecodes = await failure(client(server.url, BOB).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })))
    expect(bobDecodes.name).toBe('AccessDenied')
    const garbage = await failure(client(server.url, ALICE).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })))
    expect([garbage.name, garbage.$metadata.httpStatusCode]).toEqual(['InvalidAuthorizationMessageException', 400])
    const edited = encoded.slice(0, 40) + (encoded[40] === 'A' ? 'B' : 'A') + encoded.slice(41)
    expect((await failure(client(server.url, ALICE).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: edited })))).name)
      .toBe('InvalidAuthorizationMessageException')
  })

  it('accepts a presigned GetCallerIdentity URL made with session credentials (as `aws eks get-token` makes them)', async () => {
    const { Credentials } = await client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'presigned' }))
    const { host } = new URL(server.url)
    const credentials = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! }
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') })
    const presigned = await signer.presign(new HttpRequest({
      method: 'GET', protocol: 'http:', hostname: host, path: '/', headers: { host }, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    }), { expiresIn: 60 })
    expect(presigned.query!['X-Amz-Security-Token']).toBe(Credentials!.SessionToken)
    const url = `${server.url}/?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(`<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/Reader/presigned</Arn>`)
    const tampered = url.replace(/X-Amz-Security-Token=([^&]{10})/, (_all, start: string) => `X-Amz-Security-Token=${start.slice(0, 9)}${start[9] === 'A' ? 'B' : 'A'}`)
    expect((await fetch(tampered)).status).toBe(403)
  })

  it('audits the issued access key id, never the secret or the token', async () => {
    const result = await client(server.url, ALICE).send(new AssumeRoleCommand({ RoleArn: role('app/Reader'), RoleSessionName: 'audited' }))
    const rows = await server.database.db.prisma.auditEvent.findMany({ where: { requestId: result.$metadata.requestId! } })
    expect(rows).toHaveLength(1)
    const text = JSON.stringify(rows[0]!.detail)
    expect(text).toContain(result.Credentials!.AccessKeyId!)
    expect(text).not.toContain(result.Credentials!.SecretAccessKey!)
    expect(text).not.toContain(result.Credentials!.SessionToken!.slice(0, 40))
    expect(rows[0]!.detail).toMatchObject({ eventName: 'AssumeRole', responseElements: { assumedRoleUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/audited` } } })
  })
})
