import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStsgate, type RunningServer } from '../../support/cli.ts'
import { backend, createEmptyPostgresDatabase, postgresUrl } from '../../support/database.ts'
import { iamClient, sdkError } from '../../support/iam-client.ts'
import { startTestIdp, type TestIdp } from '../../support/oidc-idp.ts'
import { ACCOUNT, ROOT } from '../../support/sts-server.ts'

// The product as users run it: `stsgate serve` in its own process, an identity provider at an
// https issuer whose certificate comes from a private CA, trusted through NODE_EXTRA_CA_CERTS
// (docs: "trusting Node's CA store, which NODE_EXTRA_CA_CERTS extends for private CAs"), the
// provider and its role created through the IAM API as on AWS. Without the CA, or with a plain
// http issuer and no STSGATE_OIDC_ALLOW_HTTP_LOOPBACK, the keys are never fetched.

// The SDK's class for wire code IDPCommunicationError is IDPCommunicationErrorException.
const IDP_COMMUNICATION_ERROR = {
  code: 'IDPCommunicationErrorException',
  status: 400,
  message: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
}
const providerArnOf = (issuer: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer.replace(/^https?:\/\//, '')}`
const trustPolicyOf = (issuer: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: providerArnOf(issuer) }, Action: 'sts:AssumeRoleWithWebIdentity' }],
})

describe(`stsgate serve with an https identity provider behind a private CA on ${backend}`, () => {
  let httpsIdp: TestIdp
  let httpIdp: TestIdp
  let workDir: string
  let env: Record<string, string>
  let dropDatabase: (() => Promise<void>) | undefined
  const running: RunningServer[] = []

  beforeAll(async () => {
    ;[httpsIdp, httpIdp] = await Promise.all([startTestIdp({ https: true }), startTestIdp()])
    workDir = await mkdtemp(path.join(tmpdir(), 'stsgate-web-identity-https-'))
    // The plain-http provider comes from an apply file (apply accepts http://127.0.0.1 issuers).
    const applyFile = path.join(workDir, 'stsgate.json')
    await writeFile(applyFile, JSON.stringify({
      accounts: [{
        id: ACCOUNT,
        oidcProviders: [{ url: httpIdp.issuer, clientIds: ['sts.amazonaws.com'] }],
        roles: [{ name: 'http-web', trustPolicy: trustPolicyOf(httpIdp.issuer) }],
      }],
    }))
    env = {
      STSGATE_DATA_DIR: path.join(workDir, 'data'),
      STSGATE_MASTER_KEY: 'ab'.repeat(32),
      STSGATE_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId,
      STSGATE_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey,
      STSGATE_CONFIG: applyFile,
    }
    if (postgresUrl) {
      const database = await createEmptyPostgresDatabase()
      env.DATABASE_URL = database.url
      dropDatabase = database.drop
    }
  })
  afterAll(async () => {
    for (const server of running) await server.stop()
    await dropDatabase?.()
    await Promise.all([httpsIdp?.close(), httpIdp?.close()])
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  const serve = async (extra: Record<string, string> = {}) => {
    const server = await startStsgate({ ...env, ...extra })
    running.push(server)
    return server
  }
  const assume = (url: string, role: string, token: string) =>
    new STSClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1 })
      .send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 'https', WebIdentityToken: token }))

  it('trusts the private CA given in NODE_EXTRA_CA_CERTS, not without it; never a plain http issuer by default', async () => {
    expect(httpsIdp.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const token = await httpsIdp.token({ clientId: 'https-runner' })

    const trusting = await serve({ NODE_EXTRA_CA_CERTS: httpsIdp.caFile! })
    const iam = iamClient(trusting.url)
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: httpsIdp.issuer, ClientIDList: ['sts.amazonaws.com'] }))
    expect(created.OpenIDConnectProviderArn).toBe(providerArnOf(httpsIdp.issuer))
    await iam.send(new CreateRoleCommand({ RoleName: 'https-web', AssumeRolePolicyDocument: JSON.stringify(trustPolicyOf(httpsIdp.issuer)) }))

    const result = await assume(trusting.url, 'https-web', token)
    expect(result).toMatchObject({ SubjectFromWebIdentityToken: 'https-runner', Provider: providerArnOf(httpsIdp.issuer), Audience: 'sts.amazonaws.com' })
    const { AccessKeyId, SecretAccessKey, SessionToken } = result.Credentials!
    const identity = await new STSClient({
      endpoint: trusting.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! },
    }).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/https-web/https`)

    // The http issuer is registered (by the apply file) and reachable, yet never fetched.
    httpIdp.requests.reset()
    expect(await sdkError(assume(trusting.url, 'http-web', await httpIdp.token({ clientId: 'http-runner' })))).toEqual(IDP_COMMUNICATION_ERROR)
    expect(httpIdp.requests.count('/.well-known/openid-configuration')).toBe(0)
    expect(await trusting.stop()).toBe(0)

    // The same database and token, the CA no longer given: the TLS handshake fails, so no key.
    const untrusting = await serve()
    expect(await sdkError(assume(untrusting.url, 'https-web', token))).toEqual(IDP_COMMUNICATION_ERROR)
    expect(untrusting.output()).toContain('could not fetch the signing keys of an OIDC provider')
    // The log says why: the certificate is not trusted (Node's code for a self-signed chain's leaf).
    expect(untrusting.output()).toMatch(/fetch failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT)\)/)
    expect(await untrusting.stop()).toBe(0)
  })
})
