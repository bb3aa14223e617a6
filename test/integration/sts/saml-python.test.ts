import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { failed, pythonClients, succeeded, type Boto3Call } from '../../support/python-clients.ts'
import { roleAttribute, roleSessionNameAttribute } from '../../support/saml-idp.ts'
import { startSamlifyIdp, type SamlifyIdp } from '../../support/samlify-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// AssumeRoleWithSAML from unmodified boto3 and the AWS CLI v1, with Responses from an independent
// IdP (samlify). The call is unsigned: the clients here have no credentials at all.

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/saml-python`
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`
const sessionArn = (session: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/saml-python/${session}`

const applyFile = (idp: SamlifyIdp) => JSON.stringify({
  accounts: [{
    id: ACCOUNT,
    samlProviders: [{ name: 'corp', metadata: idp.metadata }],
    roles: [{
      name: 'saml-python',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithSAML' }],
      },
    }],
  }],
})

interface Response {
  Credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }
  AssumedRoleUser?: { Arn: string; AssumedRoleId: string }
  Subject?: string
  SubjectType?: string
  Issuer?: string
  Audience?: string
  NameQualifier?: string
  Arn?: string
}

const assumeCall = (assertion: string): Boto3Call =>
  ({ operation: 'assume_role_with_saml', params: { RoleArn: ROLE_ARN, PrincipalArn: PROVIDER_ARN, SAMLAssertion: assertion } })

describe(`AssumeRoleWithSAML from boto3 and the AWS CLI v1 on ${backend}`, () => {
  let server: StsTestServer
  let idp: SamlifyIdp
  let spMetadata: string
  let clients: Awaited<ReturnType<typeof pythonClients>>
  let workDir: string
  beforeAll(async () => {
    idp = await startSamlifyIdp({ entityId: 'https://idp.corp.example/metadata' })
    server = await startStsTestServer(applyFile(idp))
    spMetadata = await (await fetch(`${server.url}/saml/metadata`)).text()
    clients = await pythonClients(server.url, 'us-east-1')
    workDir = await mkdtemp(path.join(tmpdir(), 'stsgate-saml-python-'))
  })
  afterAll(async () => {
    await server?.close()
    await clients?.close()
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  const boto3 = (calls: Boto3Call[]) => clients.boto3<Response>(calls)
  const response = (nameId: string, session: string) =>
    idp.response({ spMetadata, nameId, attributes: [roleAttribute(ROLE_ARN, PROVIDER_ARN), roleSessionNameAttribute(session)] })

  it('boto3 exchanges a samlify Response for credentials it then signs GetCallerIdentity with', async () => {
    const [issued, identity] = await boto3([assumeCall(await response('py-user@corp.example', 'boto3')), { operation: 'get_caller_identity', credentials: { from: 0 } }])
    expect(succeeded(issued)).toEqual({
      Credentials: {
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
        SessionToken: expect.any(String),
        Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      },
      AssumedRoleUser: { Arn: sessionArn('boto3'), AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:boto3$/) },
      Subject: 'py-user@corp.example',
      SubjectType: 'persistent',
      Issuer: idp.entityId,
      Audience: 'http://localhost:8080/saml/acs',
      NameQualifier: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
    })
    expect(succeeded(identity)).toMatchObject({ Arn: sessionArn('boto3'), Account: ACCOUNT })
  })

  it('boto3 reads a tampered Response as AWS sends the error: InvalidIdentityToken, 400', async () => {
    const xml = Buffer.from(await response('py-user@corp.example', 'boto3'), 'base64').toString('utf8')
    expect(xml.split('py-user@corp.example').length).toBe(2)
    const tampered = Buffer.from(xml.replace('py-user@corp.example', 'py-admin@corp.example'), 'utf8').toString('base64')
    const [refused] = await boto3([assumeCall(tampered)])
    expect(failed(refused)).toEqual({
      code: 'InvalidIdentityToken', status: 400, message: 'The SAML response is not signed by the identity provider named by PrincipalArn.',
    })
  })

  it('the AWS CLI v1 prints the credentials of assume-role-with-saml, the assertion read from a file', async () => {
    const assertionFile = path.join(workDir, 'assertion.b64')
    await writeFile(assertionFile, await response('cli-user@corp.example', 'aws-cli'))
    const { stdout } = await clients.awsCli([
      'sts', 'assume-role-with-saml', '--role-arn', ROLE_ARN, '--principal-arn', PROVIDER_ARN, '--saml-assertion', `file://${assertionFile}`,
    ])
    expect(JSON.parse(stdout)).toMatchObject({
      Credentials: { AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/), SecretAccessKey: expect.any(String), SessionToken: expect.any(String) },
      AssumedRoleUser: { Arn: sessionArn('aws-cli') },
      Subject: 'cli-user@corp.example',
      Issuer: idp.entityId,
    })
  })
})
