import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { startTestIdp, type TestIdp } from '../../support/oidc-idp.ts'
import { failed, pythonClients, succeeded, type Boto3Call } from '../../support/python-clients.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// AssumeRoleWithWebIdentity from unmodified boto3, botocore's own web identity credential
// provider (what EKS pods and CI jobs use) and the AWS CLI v1, with tokens from a real IdP. The
// call is unsigned: the clients here have no credentials at all.

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/web-python`
const sessionArn = (session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/web-python/${session}`

const applyFile = (idp: TestIdp) => JSON.stringify({
  accounts: [{
    id: ACCOUNT,
    oidcProviders: [{ url: idp.issuer, clientIds: ['sts.amazonaws.com'] }],
    roles: [{
      name: 'web-python',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${idp.issuer.replace(/^http:\/\//, '')}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
        }],
      },
    }],
  }],
})

interface Response {
  Credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }
  SubjectFromWebIdentityToken?: string
  AssumedRoleUser?: { Arn: string; AssumedRoleId: string }
  Provider?: string
  Audience?: string
  Arn?: string
}

const assumeCall = (token: string, session = 'boto3'): Boto3Call =>
  ({ operation: 'assume_role_with_web_identity', params: { RoleArn: ROLE_ARN, RoleSessionName: session, WebIdentityToken: token } })

describe(`AssumeRoleWithWebIdentity from boto3, botocore's provider and the AWS CLI v1 on ${backend}`, () => {
  let server: StsTestServer
  let idp: TestIdp
  let clients: Awaited<ReturnType<typeof pythonClients>>
  let workDir: string
  beforeAll(async () => {
    idp = await startTestIdp()
    server = await startStsTestServer(applyFile(idp), { STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' })
    clients = await pythonClients(server.url, 'us-east-1')
    workDir = await mkdtemp(path.join(tmpdir(), 'stsgate-web-identity-python-'))
  })
  afterAll(async () => {
    await server?.close()
    await idp?.close()
    await clients?.close()
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  const boto3 = (calls: Boto3Call[]) => clients.boto3<Response>(calls)
  const providerArn = () => `arn:aws:iam::${ACCOUNT}:oidc-provider/${idp.issuer.replace(/^http:\/\//, '')}`

  it('boto3 exchanges a real IdP token for credentials it then signs GetCallerIdentity with', async () => {
    const [issued, identity] = await boto3([assumeCall(await idp.token({ clientId: 'py-runner' })), { operation: 'get_caller_identity', credentials: { from: 0 } }])
    expect(succeeded(issued)).toEqual({
      Credentials: {
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
        SessionToken: expect.any(String),
        Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      },
      SubjectFromWebIdentityToken: 'py-runner',
      AssumedRoleUser: { Arn: sessionArn('boto3'), AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:boto3$/) },
      Provider: providerArn(),
      Audience: 'sts.amazonaws.com',
    })
    expect(succeeded(identity)).toMatchObject({ Arn: sessionArn('boto3'), Account: ACCOUNT })
  })

  it('boto3 reads a garbage token, a wrong audience and an expired token as AWS sends them', async () => {
    const foreign = await idp.token({ clientId: 'py-foreign', audience: 'urn:someone-else' })
    const [garbage, audience] = await boto3([assumeCall('not-a-jwt-at-all'), assumeCall(foreign)])
    expect(failed(garbage)).toEqual({ code: 'InvalidIdentityToken', status: 400, message: 'The web identity token is not a well-formed signed JWT.' })
    expect(failed(audience)).toEqual({ code: 'InvalidIdentityToken', status: 400, message: 'Incorrect token audience' })

    // A real token after its lifetime (600 s) and the tolerated skew (60 s): the server's clock
    // moves instead of the test waiting.
    const token = await idp.token({ clientId: 'py-runner' })
    const { exp } = decodeJwt(token)
    server.setClockOffset(661_000 + 5_000)
    try {
      const [expired] = await boto3([assumeCall(token)])
      const error = failed(expired)
      expect([error.code, error.status]).toEqual(['ExpiredTokenException', 400])
      expect(error.message).toMatch(new RegExp(`^Token expired: current date/time \\d{10} must be before the expiration date/time${exp}$`))
    } finally {
      server.setClockOffset(0)
    }
  })

  it("botocore's own web identity provider (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ENDPOINT_URL_STS) yields the assumed role", async () => {
    const tokenFile = path.join(workDir, 'token')
    await writeFile(tokenFile, await idp.token({ clientId: 'py-runner' }))
    const { stdout } = await clients.python('import boto3, json; print(json.dumps(boto3.client("sts").get_caller_identity()["Arn"]))', {
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: ROLE_ARN,
      AWS_ROLE_SESSION_NAME: 'botocore-provider',
      AWS_ENDPOINT_URL_STS: server.url,
      AWS_ENDPOINT_URL: server.url,
      AWS_DEFAULT_REGION: 'us-east-1',
    })
    expect(JSON.parse(stdout)).toBe(sessionArn('botocore-provider'))
  })

  it('the AWS CLI v1 prints the credentials of assume-role-with-web-identity, the token read from a file', async () => {
    const tokenFile = path.join(workDir, 'cli-token')
    await writeFile(tokenFile, await idp.token({ clientId: 'cli-runner' }))
    const { stdout } = await clients.awsCli([
      'sts', 'assume-role-with-web-identity', '--role-arn', ROLE_ARN, '--role-session-name', 'aws-cli', '--web-identity-token', `file://${tokenFile}`,
    ])
    expect(JSON.parse(stdout)).toMatchObject({
      Credentials: { AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/), SecretAccessKey: expect.any(String), SessionToken: expect.any(String) },
      SubjectFromWebIdentityToken: 'cli-runner',
      AssumedRoleUser: { Arn: sessionArn('aws-cli') },
      Provider: providerArn(),
      Audience: 'sts.amazonaws.com',
    })
  })
})
