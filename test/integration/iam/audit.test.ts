import { CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError } from '../../support/iam-client.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const NOBODY = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'N'.repeat(40) }
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: nobody
        accessKeys: [{ id: ${NOBODY.accessKeyId}, secret: "${NOBODY.secretAccessKey}" }]
`

describe(`audit of IAM calls on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  it('records every IAM call, success or failure, as an iam.amazonaws.com event with no secret in any row', async () => {
    const root = iamClient(server.url)
    await root.send(new CreateUserCommand({ UserName: 'audited' }))
    const duplicate = await sdkError(root.send(new CreateUserCommand({ UserName: 'AUDITED' })))
    const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: 'audited' }))
    const denied = await sdkError(iamClient(server.url, NOBODY).send(new ListUsersCommand({})))
    const longDocument = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(3000), Effect: 'Allow', Action: 's3:*', Resource: '*' }] })
    await root.send(new CreatePolicyCommand({ PolicyName: 'long', PolicyDocument: longDocument }))
    expect([duplicate.code, denied.code]).toEqual(['EntityAlreadyExistsException', 'AccessDenied'])

    const rows = await server.database.db.prisma.auditEvent.findMany({ where: { service: 'iam' }, orderBy: { id: 'asc' } })
    expect(rows.map((row) => [row.action, row.outcome, row.errorCode, row.principalArn])).toEqual([
      ['CreateUser', 'success', null, `arn:aws:iam::${ACCOUNT}:root`],
      ['CreateUser', 'failure', 'EntityAlreadyExists', `arn:aws:iam::${ACCOUNT}:root`],
      ['CreateAccessKey', 'success', null, `arn:aws:iam::${ACCOUNT}:root`],
      ['ListUsers', 'failure', 'AccessDenied', `arn:aws:iam::${ACCOUNT}:user/nobody`],
      ['CreatePolicy', 'success', null, `arn:aws:iam::${ACCOUNT}:root`],
    ])
    expect(rows[0]!.detail).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: ROOT.accessKeyId },
      requestParameters: { UserName: 'audited' },
    })
    expect(rows[2]!.detail).toMatchObject({ responseElements: { accessKey: { accessKeyId: AccessKey!.AccessKeyId } } })
    expect(rows[3]!.detail).toMatchObject({ errorCode: 'AccessDenied', errorMessage: denied.message })
    // Long parameters keep their start and their length.
    expect((rows[4]!.detail as { requestParameters: { PolicyDocument: string } }).requestParameters.PolicyDocument)
      .toBe(`${longDocument.slice(0, 2048)}… [${longDocument.length} characters]`)

    const everything = JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value))
    for (const secret of [AccessKey!.SecretAccessKey!, NOBODY.secretAccessKey, ROOT.secretAccessKey]) expect(everything).not.toContain(secret)
  })
})
