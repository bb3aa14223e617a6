import {
  AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient, STSServiceException,
} from '@aws-sdk/client-sts'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const CAROL = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'C'.repeat(40) }
const DAVE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'D'.repeat(40) }
const ERIN = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'E'.repeat(40) }
const FRANK = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'F'.repeat(40) }
const BLUE_ROLE = `arn:aws:iam::${ACCOUNT}:role/TeamBlue`
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ'
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/carol-phone`
const MFA_ROLE = `arn:aws:iam::${ACCOUNT}:role/NeedsMfa`

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: carol
        inlinePolicies:
          - name: federate-and-assume
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["sts:GetFederationToken", "sts:AssumeRole"], Resource: "*" }] }
        accessKeys: [{ id: ${CAROL.accessKeyId}, secret: "${CAROL.secretAccessKey}" }]
      - name: dave
        accessKeys: [{ id: ${DAVE.accessKeyId}, secret: "${DAVE.secretAccessKey}" }]
      - name: erin
        tags: { team: blue }
        accessKeys: [{ id: ${ERIN.accessKeyId}, secret: "${ERIN.secretAccessKey}" }]
      - name: frank
        tags: { team: blue }
        accessKeys: [{ id: ${FRANK.accessKeyId}, secret: "${FRANK.secretAccessKey}" }]
    mfaDevices:
      - { name: carol-phone, seed: ${SEED}, user: carol }
    roles:
      - name: TeamBlue
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { AWS: ["arn:aws:iam::${ACCOUNT}:user/erin", "arn:aws:iam::${ACCOUNT}:user/frank", "arn:aws:iam::${ACCOUNT}:user/dave"] }
              Action: sts:AssumeRole
              Condition: { StringEquals: { "aws:PrincipalTag/team": blue } }
      - name: NeedsMfa
        maxSessionDuration: 7200
        trustPolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: { AWS: "arn:aws:iam::${ACCOUNT}:user/carol" }
              Action: sts:AssumeRole
              Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "300" } }
`

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
const client = (url: string, credentials: Keys) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 })
const keysOf = (credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Keys =>
  ({ accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! })
const code = () => new TOTP({ secret: Secret.fromBase32(SEED), digits: 6, period: 30, algorithm: 'SHA1' }).generate()

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(STSServiceException)
  return error as STSServiceException
}

describe(`GetSessionToken and GetFederationToken with @aws-sdk/client-sts on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  it('carries MFA from GetSessionToken into a role whose trust asks for it, chained at most an hour', async () => {
    const plain = await client(server.url, CAROL).send(new GetSessionTokenCommand({}))
    const withoutMfa = await failure(client(server.url, keysOf(plain.Credentials)).send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'carol' })))
    expect([withoutMfa.name, withoutMfa.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])

    const session = await client(server.url, CAROL).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code(), DurationSeconds: 7200 }))
    const sessionClient = client(server.url, keysOf(session.Credentials))
    expect((await sessionClient.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/carol`)
    const long = await failure(sessionClient.send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'carol', DurationSeconds: 7200 })))
    expect(long.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
    const role = await sessionClient.send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'carol' }))
    expect(role.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/NeedsMfa/carol`)
  })

  it("carries the user's tags into its GetSessionToken session (aws:PrincipalTag)", async () => {
    const erin = client(server.url, keysOf((await client(server.url, ERIN).send(new GetSessionTokenCommand({}))).Credentials))
    expect((await erin.send(new AssumeRoleCommand({ RoleArn: BLUE_ROLE, RoleSessionName: 'erin' }))).AssumedRoleUser!.Arn)
      .toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/TeamBlue/erin`)
    const dave = client(server.url, keysOf((await client(server.url, DAVE).send(new GetSessionTokenCommand({}))).Credentials))
    expect((await failure(dave.send(new AssumeRoleCommand({ RoleArn: BLUE_ROLE, RoleSessionName: 'dave' })))).name).toBe('AccessDenied')
  })

  it('refuses the session of a user deleted since, even where a trust policy names the user', async () => {
    const frank = client(server.url, keysOf((await client(server.url, FRANK).send(new GetSessionTokenCommand({}))).Credentials))
    const { prisma } = server.database.db
    await prisma.accessKey.deleteMany({ where: { id: FRANK.accessKeyId } })
    await prisma.iamUser.deleteMany({ where: { name: 'frank' } })
    const error = await failure(frank.send(new AssumeRoleCommand({ RoleArn: BLUE_ROLE, RoleSessionName: 'frank' })))
    expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual(['AccessDenied', 403, 'The IAM user this session was issued for no longer exists.'])
  })

  it('defaults to 12 hours for a user and caps the root user at one hour without an error', async () => {
    const user = await client(server.url, DAVE).send(new GetSessionTokenCommand({}))
    expect(user.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(43_190_000)
    const root = await client(server.url, ROOT).send(new GetSessionTokenCommand({ DurationSeconds: 129600 }))
    const rootLeft = root.Credentials!.Expiration!.getTime() - Date.now()
    expect(rootLeft).toBeGreaterThan(3_590_000)
    expect(rootLeft).toBeLessThanOrEqual(3_600_000)
    expect((await client(server.url, keysOf(root.Credentials)).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${ACCOUNT}:root`)
  })

  it('lets session-token credentials call only AssumeRole and GetCallerIdentity', async () => {
    const session = client(server.url, keysOf((await client(server.url, CAROL).send(new GetSessionTokenCommand({}))).Credentials))
    const again = await failure(session.send(new GetSessionTokenCommand({})))
    expect([again.name, again.$metadata.httpStatusCode, again.message]).toEqual(['AccessDenied', 403, 'Cannot call GetSessionToken with session credentials'])
    const federate = await failure(session.send(new GetFederationTokenCommand({ Name: 'carol' })))
    expect(federate.message).toBe('Cannot call GetFederationToken with session credentials')
  })

  it('issues federated-user sessions to callers allowed sts:GetFederationToken, usable only for GetCallerIdentity', async () => {
    const token = await client(server.url, CAROL).send(new GetFederationTokenCommand({
      Name: 'partner-bob', DurationSeconds: 900,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    }))
    expect(token.FederatedUser).toEqual({ Arn: `arn:aws:sts::${ACCOUNT}:federated-user/partner-bob`, FederatedUserId: `${ACCOUNT}:partner-bob` })
    expect(token.PackedPolicySize).toBeGreaterThan(0)
    const federated = client(server.url, keysOf(token.Credentials))
    expect(await federated.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: token.FederatedUser!.Arn, UserId: `${ACCOUNT}:partner-bob` })
    const assume = await failure(federated.send(new AssumeRoleCommand({ RoleArn: MFA_ROLE, RoleSessionName: 'fed' })))
    expect([assume.name, assume.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403])
    const denied = await failure(client(server.url, DAVE).send(new GetFederationTokenCommand({ Name: 'partner' })))
    expect(denied.message).toMatch(new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/dave is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${ACCOUNT}:federated-user/partner\\.`))
  })

  it('records the session issuer and MFA state of temporary credentials in the audit trail', async () => {
    const session = await client(server.url, CAROL).send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code() })).catch(() => undefined)
    // The code of this time step may be spent by the first test; then the plain session tells the same story.
    const credentials = session ?? await client(server.url, CAROL).send(new GetSessionTokenCommand({}))
    const call = await client(server.url, keysOf(credentials.Credentials)).send(new GetCallerIdentityCommand({}))
    const row = await server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: call.$metadata.requestId! } })
    expect(row.detail).toMatchObject({
      userIdentity: {
        type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/carol`, accessKeyId: credentials.Credentials!.AccessKeyId,
        sessionContext: { attributes: { mfaAuthenticated: String(session !== undefined) } },
      },
    })
  })
})
