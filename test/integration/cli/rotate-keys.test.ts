import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rotateSealingKeys } from '../../../src/cli/commands/rotate-keys.ts'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { runStsgate } from '../../support/cli.ts'
import { backend } from '../../support/database.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'R'.repeat(40) }
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Rotated`
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
    roles:
      - name: Rotated
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:user/alice" }, Action: sts:AssumeRole }] }
`

describe(`stsgate rotate-keys on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  it('retires the sealing keys without ending the sessions they sealed', async () => {
    const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
      new STSClient({ endpoint: server.url, region: 'eu-west-1', credentials, maxAttempts: 1 })
    const { Credentials } = await sts(ALICE).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'before' }))
    const session = sts({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! })

    const lines = await rotateSealingKeys(server.database.db, server.secrets, ['session-token', 'authorization-message'])
    expect(lines).toEqual([
      expect.stringMatching(/^session-token: retired st-[0-9a-f]{16}, now sealing with st-[0-9a-f]{16}\.$/),
      expect.stringMatching(/^authorization-message: retired am-[0-9a-f]{16}, now sealing with am-[0-9a-f]{16}\.$/),
    ])
    const keys = await server.database.db.prisma.keyRingKey.findMany({ where: { purpose: 'session-token' }, orderBy: { createdAt: 'asc' } })
    expect(keys.map((key) => key.retiredAt === null)).toEqual([false, true])

    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Rotated/before`)
    const audited = await server.database.db.prisma.auditEvent.count({ where: { service: 'admin', action: 'RotateKeys' } })
    expect(audited).toBe(2)
  })

  it('runs from the command line, and refuses an unknown purpose with a usage error', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stsgate-rotate-'))
    try {
      const run = await runStsgate(['rotate-keys', '--purpose', 'session-token'], { STSGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/session-token: retired st-[0-9a-f]{16}, now sealing with st-[0-9a-f]{16}\.\n$/)
      const bad = await runStsgate(['rotate-keys', '--purpose', 'everything'], { STSGATE_DATA_DIR: dataDir })
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('rotate-keys: --purpose must be session-token or authorization-message (got "everything")')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
