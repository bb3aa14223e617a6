import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmptyPostgresDatabase, postgresUrl } from '../../support/database.ts'
import { sdkError, type KeyPair } from '../../support/iam-client.ts'
import { roleAttribute, roleSessionNameAttribute } from '../../support/saml-idp.ts'
import { startSamlifyIdp, type SamlifyIdp } from '../../support/samlify-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// Replay protection is shared by every instance: two stsgate instances over one Postgres database
// (as behind a load balancer), one key ring (the same master key), one record of the assertions
// used. PGlite cannot stand in: one data directory is opened by one process, so there is no
// second instance to replay against, and this file runs only when TEST_DATABASE_URL is set.

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/saml-replayed`
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`
const REPLAYED = { code: 'InvalidIdentityTokenException', status: 400, message: 'The SAML assertion has already been used.' }

const applyFile = (idp: SamlifyIdp) => JSON.stringify({
  accounts: [{
    id: ACCOUNT,
    samlProviders: [{ name: 'corp', metadata: idp.metadata }],
    roles: [{
      name: 'saml-replayed',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithSAML' }],
      },
    }],
  }],
})

const sts = (url: string, credentials?: KeyPair) =>
  new STSClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, ...(credentials && { credentials }) })

describe.skipIf(!postgresUrl)('AssumeRoleWithSAML replay across two instances over one Postgres (skipped on PGlite: one data directory takes one process)', () => {
  let database: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>
  let first: StsTestServer
  let second: StsTestServer
  let idp: SamlifyIdp
  let spMetadata: string

  beforeAll(async () => {
    ;[database, idp] = await Promise.all([createEmptyPostgresDatabase(), startSamlifyIdp({ entityId: 'https://idp.corp.example/metadata' })])
    const config = applyFile(idp)
    first = await startStsTestServer(config, {}, { databaseUrl: database.url })
    // Every instance starts with the same configuration and master key.
    second = await startStsTestServer(config, {}, { databaseUrl: database.url, secrets: first.secrets })
    spMetadata = await (await fetch(`${first.url}/saml/metadata`)).text()
    // One SP key between them: either instance decrypts what the published certificate encrypted.
    expect(await (await fetch(`${second.url}/saml/metadata`)).text()).toBe(spMetadata)
  })
  afterAll(async () => {
    await first?.close()
    await second?.close()
    await database?.drop()
  })

  const response = (session: string) => idp.response({
    spMetadata, nameId: 'alice@corp.example', attributes: [roleAttribute(ROLE_ARN, PROVIDER_ARN), roleSessionNameAttribute(session)], encrypt: true,
  })
  const assume = (server: StsTestServer, assertion: string) =>
    sts(server.url).send(new AssumeRoleWithSAMLCommand({ RoleArn: ROLE_ARN, PrincipalArn: PROVIDER_ARN, SAMLAssertion: assertion }))

  it('refuses on the second instance a Response the first has accepted', async () => {
    const assertion = await response('first')
    const accepted = await assume(first, assertion)
    expect(accepted.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-replayed/first`)
    expect(await sdkError(assume(second, assertion))).toEqual(REPLAYED)
    expect(await sdkError(assume(first, assertion))).toEqual(REPLAYED)

    // The session itself is good on either instance (one key ring).
    const credentials = { accessKeyId: accepted.Credentials!.AccessKeyId!, secretAccessKey: accepted.Credentials!.SecretAccessKey!, sessionToken: accepted.Credentials!.SessionToken! }
    expect((await sts(second.url, credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-replayed/first`)
  })

  it('lets exactly one of 20 concurrent submissions of one Response, split across both instances, succeed', async () => {
    const assertion = await response('race')
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, index) => assume(index % 2 === 0 ? first : second, assertion)))
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled')
    expect(succeeded).toHaveLength(1)
    expect(succeeded[0]!.value.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-replayed/race`)
    const refusals = await Promise.all(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => sdkError(Promise.reject(outcome.reason))))
    expect(refusals).toEqual(Array.from({ length: 19 }, () => REPLAYED))
  })
})
