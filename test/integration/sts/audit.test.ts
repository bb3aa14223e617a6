import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterEach, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'Q'.repeat(40) }
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
`
const client = (url: string, credentials: typeof ALICE) =>
  new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 })

describe(`audit of STS calls on ${backend}`, () => {
  let server: StsTestServer | undefined
  afterEach(async () => { await server?.close(); server = undefined })

  it('records successes and failures as CloudTrail-shaped events, with no secret in any row', async () => {
    server = await startStsTestServer(CONFIG)
    const ok = await client(server.url, ALICE).send(new GetCallerIdentityCommand({}))
    await client(server.url, { ...ALICE, secretAccessKey: 'W'.repeat(40) }).send(new GetCallerIdentityCommand({})).catch(() => undefined)

    const rows = await server.database.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } })
    expect(rows.map((row) => [row.service, row.action, row.outcome, row.errorCode])).toEqual([
      ['sts', 'GetCallerIdentity', 'success', null],
      ['sts', 'GetCallerIdentity', 'failure', 'SignatureDoesNotMatch'],
    ])
    expect(rows[0]).toMatchObject({ requestId: ok.$metadata.requestId, accountId: ACCOUNT, principalArn: `arn:aws:iam::${ACCOUNT}:user/alice` })
    expect(rows[0]!.detail).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventType: 'AwsApiCall',
      requestID: ok.$metadata.requestId,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, accessKeyId: ALICE.accessKeyId },
      sourceIPAddress: '127.0.0.1',
      requestParameters: null,
      responseElements: null,
    })
    expect(rows[0]!.detail).toHaveProperty('eventTime', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/))
    expect(rows[1]!.detail).toMatchObject({ userIdentity: null, errorCode: 'SignatureDoesNotMatch', errorMessage: expect.stringContaining('does not match') })
    const everything = JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value))
    for (const secret of [ALICE.secretAccessKey, 'W'.repeat(40), ROOT.secretAccessKey]) expect(everything).not.toContain(secret)
    expect(everything).not.toMatch(/Signature=[0-9a-f]{64}/)
  })

  it('fails the call when its audit record cannot be written', async () => {
    server = await startStsTestServer(CONFIG)
    await server.database.db.prisma.$executeRawUnsafe('DROP TABLE audit_events')
    const failure = await client(server.url, ALICE).send(new GetCallerIdentityCommand({})).then(
      () => undefined,
      (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({ code: error.name, message: error.message, status: error.$metadata.httpStatusCode }),
    )
    expect(failure).toEqual({ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.', status: 500 })
  })
})
