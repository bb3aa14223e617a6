import { CreateRoleCommand, PutRolePolicyCommand, TagRoleCommand, UpdateRoleCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyConfigText } from '../../../src/apply/index.ts'
import { formatPlan } from '../../../src/apply/format-plan.ts'
import { backend } from '../../support/database.ts'
import { iamClient } from '../../support/iam-client.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const TRUST = `{ Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:root" }, Action: sts:AssumeRole }] }`
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    roles:
      - name: app-reader
        description: declared
        tags: { team: a }
        trustPolicy: ${TRUST}
        inlinePolicies:
          - { name: read, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }] } }
`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-reader`

// `stsgate apply` and the IAM API write the same rows: what the API changes, a dry run shows.
describe(`stsgate apply after IAM API changes on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())
  const dryRun = async (prune = false) =>
    formatPlan(await applyConfigText(CONFIG, 'test.yaml', { dryRun: true, prune }, { db: server.database.db, secrets: server.secrets }))

  it('shows the drift of a declared role in --dry-run, and leaves roles it never declared alone', async () => {
    expect(await dryRun()).toBe('No changes.')
    const iam = iamClient(server.url)
    await iam.send(new UpdateRoleCommand({ RoleName: 'app-reader', Description: 'changed through the API', MaxSessionDuration: 7200 }))
    await iam.send(new TagRoleCommand({ RoleName: 'app-reader', Tags: [{ Key: 'team', Value: 'b' }] }))
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'app-reader', PolicyName: 'extra',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }),
    }))
    await iam.send(new CreateRoleCommand({ RoleName: 'made-by-api', AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
    }) }))

    const plan = `~ update role ${ROLE} (description, maxSessionDuration, tags, inlinePolicies)\nPlan: 0 to create, 1 to update, 0 to delete.`
    expect(await dryRun()).toBe(plan)
    // --prune removes only what a file once declared: the API's own role stays.
    expect(await dryRun(true)).toBe(plan)
  })
})
