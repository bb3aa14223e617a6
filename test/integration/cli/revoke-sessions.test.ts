import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRevokeSessions, revokeRoleSessions, UnknownRoleError } from '../../../src/cli/commands/revoke-sessions.ts'
import { USAGE, UsageError } from '../../../src/cli/usage.ts'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { runStsgate, type CliRun } from '../../support/cli.ts'
import { backend, postgresUrl } from '../../support/database.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const ALICE = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'A'.repeat(40) }
const READER = `arn:aws:iam::${ACCOUNT}:role/app/Reader`
const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: alice
        inlinePolicies:
          - name: assume
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: sts:AssumeRole, Resource: "*" }] }
        accessKeys: [{ id: ${ALICE.accessKeyId}, secret: "${ALICE.secretAccessKey}" }]
    roles:
      - name: Reader
        path: /app/
        trustPolicy:
          Version: "2012-10-17"
          Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${ACCOUNT}:root" }, Action: sts:AssumeRole }]
        inlinePolicies:
          - name: chain
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: sts:AssumeRole, Resource: "${READER}" }] }
`
// How long a server trusts the role policies it has read (IamDirectory's cache).
const DIRECTORY_CACHE_MS = 5_000
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/

const expectOneLine = (stderr: string, line: string) => {
  expect(stderr).toBe(`${line}\n`)
  expect(stderr).not.toMatch(/\n\s+at /)
}

const temporaryDirs: string[] = []
afterAll(() => { for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true }) })

describe('stsgate revoke-sessions: the command line', () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/Reader`
  const usage = (problem: string) => `revoke-sessions: ${problem} (see stsgate --help)`
  const notIso = (text: string) => usage(`--before: expected an ISO 8601 date, or a time with its offset, like 2025-06-01T12:00:00Z (got "${text}")`)

  it('is listed in the help', () => {
    expect(USAGE).toContain('revoke-sessions --role-arn ARN [--before TIME]')
  })

  // Refused before any setting or database is read: no environment needed.
  it.each([
    [[], usage('--role-arn ARN is required')],
    [['--role-arn', role, '--before', 'yesterday'], notIso('yesterday')],
    [['--role-arn', role, '--bogus'], usage('unknown option "--bogus"')],
  ])('refuses %j with one line and exit code 2', async (args, line) => {
    const run = await runStsgate(['revoke-sessions', ...args])
    expect(run.code).toBe(2)
    expectOneLine(run.stderr, `stsgate: ${line}`)
    expect(run.stdout).toBe('')
  })

  // The same parser, without a process per case (and with a fixed "now").
  const now = new Date('2026-06-01T12:00:00.000Z')
  it.each([
    [['--role-arn'], usage("Option '--role-arn <value>' argument missing")],
    [['--role-arn', ''], usage('--role-arn ARN is required')],
    [['--role-arn', 'Reader'], usage('--role-arn: expected a role ARN like arn:aws:iam::123456789012:role/NAME (got "Reader")')],
    [['--role-arn', `arn:aws:iam::${ACCOUNT}:user/Reader`], usage(`--role-arn: expected a role ARN like arn:aws:iam::123456789012:role/NAME (got "arn:aws:iam::${ACCOUNT}:user/Reader")`)],
    [['--role-arn', role, '--before', '2025-02-30'], notIso('2025-02-30')],
    [['--role-arn', role, '--before', '2025-06-01T12:00:00'], notIso('2025-06-01T12:00:00')],
    [['--role-arn', role, '--before', '2025-06-01T25:00:00Z'], notIso('2025-06-01T25:00:00Z')],
    [['--role-arn', role, '--before', 'June 1, 2025'], notIso('June 1, 2025')],
    [['--role-arn', role, '--before', '1748779200'], notIso('1748779200')],
    [['--role-arn', role, '--before', '2026-06-01T14:00:01+02:00'], usage('--before: 2026-06-01T12:00:01.000Z is in the future')],
    [['--role-arn', role, 'extra'], usage('unexpected argument "extra"')],
  ])('refuses %j', (args, line) => {
    expect(() => parseRevokeSessions(args, now)).toThrow(new UsageError(line))
  })

  it.each([
    [[], now.toISOString()],
    [['--before', '2026-06-01T12:00:00Z'], '2026-06-01T12:00:00.000Z'],
    [['--before', '2026-06-01T13:29:59.5+01:30'], '2026-06-01T11:59:59.500Z'],
    [['--before=2024-02-29'], '2024-02-29T00:00:00.000Z'],
  ])('takes --before %j as %s', (args, iso) => {
    expect(parseRevokeSessions(['--role-arn', role, ...args], now)).toEqual({ roleArn: role, before: new Date(iso) })
  })

  it.skipIf(postgresUrl)('on an embedded database, names an unknown role in one line, exit code 1', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stsgate-test-'))
    temporaryDirs.push(dataDir)
    const run = await runStsgate(['revoke-sessions', '--role-arn', role], { STSGATE_DATA_DIR: dataDir })
    expect(run.code).toBe(1)
    expectOneLine(run.stderr, `stsgate: revoke-sessions: no role ${role}`)
  })
})

describe(`stsgate revoke-sessions against a running server on ${backend}`, () => {
  let server: StsTestServer
  beforeAll(async () => { server = await startStsTestServer(CONFIG) })
  afterAll(() => server.close())

  /**
   * On Postgres the real command runs beside the server, as an operator would run it. Embedded
   * PGlite allows one process per database, so there the command's own function revokes through
   * the server's database, with a directory (and cache) of its own as a separate process has.
   */
  async function revokeSessions(roleArn: string, before?: string): Promise<CliRun> {
    if (postgresUrl) {
      return runStsgate(['revoke-sessions', '--role-arn', roleArn, ...(before ? ['--before', before] : [])], {
        DATABASE_URL: server.database.url, STSGATE_MASTER_KEY: 'ab'.repeat(32),
      })
    }
    try {
      const line = await revokeRoleSessions(server.database.db, { roleArn, before: before ? new Date(before) : new Date() })
      return { code: 0, stdout: `${line}\n`, stderr: '' }
    } catch (error) {
      if (!(error instanceof UnknownRoleError)) throw error
      return { code: 1, stdout: '', stderr: `stsgate: ${error.message}\n` }
    }
  }

  const sts = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new STSClient({ endpoint: server.url, region: 'eu-west-1', credentials, maxAttempts: 1 })
  const assumeReader = async (sessionName: string) => {
    const { Credentials } = await sts(ALICE).send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: sessionName }))
    return sts({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! })
  }
  const whoAmI = async (client: STSClient) => (await client.send(new GetCallerIdentityCommand({}))).Arn
  const chain = async (client: STSClient) =>
    (await client.send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'chained' }))).AssumedRoleUser?.Arn

  it('denies the sessions issued before it everything (within the cache time), as AWS does, not those issued after', async () => {
    const before = await assumeReader('before')
    expect(await chain(before)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/chained`)
    // The server has now read (and caches) the role's policies: no revocation.
    const cachedAt = Date.now()

    const started = Date.now()
    const run = await revokeSessions(READER)
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toMatch(new RegExp(`^Revoked every session of ${READER} issued before ${ISO.source}\\.\\n$`))
    const revokedAt = ISO.exec(run.stdout)![0]
    // A whole second, rounded up (aws:TokenIssueTime is whole seconds).
    expect(revokedAt).toMatch(/\.000Z$/)
    expect(Date.parse(revokedAt)).toBeGreaterThanOrEqual(started)
    expect(Date.parse(revokedAt)).toBeLessThan(Date.now() + 1000)

    const audited = await server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { service: 'admin', action: 'RevokeSessions' } })
    expect(audited.detail).toMatchObject({ roleArn: READER, sessionsRevokedBefore: revokedAt })

    // As on AWS: the role's inline policy AWSRevokeOlderSessions denies older sessions everything.
    const policy = await server.database.db.prisma.roleInlinePolicy.findFirstOrThrow({ where: { name: 'AWSRevokeOlderSessions' } })
    expect(JSON.parse(policy.document)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': revokedAt.replace('.000Z', 'Z') } } }],
    })

    // Sessions issued within the revocation's second are revoked too.
    await sleep(Math.max(0, Date.parse(revokedAt) - Date.now()))
    const after = await assumeReader('after')
    expect(await chain(after)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/chained`)

    await sleep(Math.max(0, cachedAt + DIRECTORY_CACHE_MS + 100 - Date.now()))
    const error = await chain(before).then(() => undefined, (caught: unknown) => caught)
    expect(error).toBeInstanceOf(STSServiceException)
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(new RegExp(`^User: arn:aws:sts::${ACCOUNT}:assumed-role/Reader/before is not authorized to perform: sts:AssumeRole on resource: ${READER}\\. Encoded authorization failure message: `)),
      $metadata: { httpStatusCode: 403 },
    })
    // Who the session is stays answerable (GetCallerIdentity needs no permission, on AWS too).
    expect(await whoAmI(before)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/before`)
    expect(await chain(after)).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Reader/chained`)

    // An earlier time changes nothing: a revocation never moves back.
    const earlier = await revokeSessions(READER, '2020-01-01T00:00:00+01:00')
    expect(earlier).toMatchObject({
      code: 0,
      stdout: `Sessions of ${READER} issued before ${revokedAt} were already revoked (later than 2019-12-31T23:00:00.000Z); nothing changed.\n`,
    })
  })

  it('names an unknown role (or a role ARN with another path) in one line, exit code 1', async () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/Reader`
    const run = await revokeSessions(other)
    expect(run.code).toBe(1)
    expectOneLine(run.stderr, `stsgate: revoke-sessions: no role ${other}`)
  })
})
