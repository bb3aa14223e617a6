import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'a'.repeat(20) + 'B'.repeat(20) }
const PAUSED = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'c'.repeat(40) }
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        path: /engineering/
        inlinePolicies:
          - name: key-info
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:GetAccessKeyInfo", Resource: "*" }] }
        accessKeys:
          - { id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }
          - { id: ${PAUSED.accessKeyId}, secret: "${PAUSED.secretAccessKey}", status: Inactive }
`

const run = promisify(execFile)
const client = (url: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 })

describe(`GetCallerIdentity and GetAccessKeyInfo with real clients on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  it('tells the root user who it is (@aws-sdk/client-sts)', async () => {
    const identity = await client(server.url, ROOT).send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({ UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` })
    expect(identity.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('tells an IAM user who it is, with its path in the ARN and its AIDA unique id', async () => {
    const identity = await client(server.url, ALICE).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/engineering/alice`)
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/)
  })

  it('answers GetAccessKeyInfo from the key id alone, and by lookup for old-style ids', async () => {
    const sts = client(server.url, ALICE)
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: generateAccessKeyId('ASIA', '444455556666') }))).Account).toBe('444455556666')
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: ROOT.accessKeyId }))).Account).toBe(ACCOUNT)
    const short = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA-SHORT' })).then(() => undefined, (error: Error) => error)
    expect(short).toMatchObject({
      name: 'ValidationError',
      message: "2 validation errors detected: Value 'AKIA-SHORT' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16; " +
        "Value 'AKIA-SHORT' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]*",
    })
  })

  it('refuses an inactive key, an unknown key and a wrong secret with AWS codes and 403', async () => {
    const refusal = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      client(server.url, credentials).send(new GetCallerIdentityCommand({})).then(() => undefined, (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) =>
        ({ code: error.name, message: error.message, status: error.$metadata.httpStatusCode }))
    expect(await refusal(PAUSED)).toEqual({ code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 })
    expect(await refusal({ accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'x'.repeat(40) })).toMatchObject({ code: 'InvalidClientTokenId', status: 403 })
    expect(await refusal({ ...ALICE, secretAccessKey: 'z'.repeat(40) })).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 })
  })

  it('works with boto3 and reports errors as botocore ClientErrors', async () => {
    const script = `
import json, sys, boto3, botocore.exceptions
sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
out = {'identity': sts.get_caller_identity()}
out['identity'].pop('ResponseMetadata')
bad = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key='w' * 40)
try:
    bad.get_caller_identity()
except botocore.exceptions.ClientError as e:
    out['error'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))`
    const { stdout } = await run('python3', ['-c', script, server.url, ALICE.accessKeyId, ALICE.secretAccessKey])
    expect(JSON.parse(stdout)).toEqual({
      identity: { UserId: expect.stringMatching(/^AIDA/), Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/engineering/alice` },
      error: ['SignatureDoesNotMatch', 403],
    })
  })

  it('works with the AWS CLI (--endpoint-url, credentials from the environment)', async () => {
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--endpoint-url', server.url, '--output', 'json'], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: ROOT.accessKeyId, AWS_SECRET_ACCESS_KEY: ROOT.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1' },
    })
    expect(JSON.parse(stdout)).toEqual({ UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` })
  })
})
