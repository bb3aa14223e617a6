import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleWithWebIdentityCommandInput,
  type Credentials,
} from '@aws-sdk/client-sts'
import { fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError, type KeyPair } from '../../support/iam-client.ts'
import { generateIdpKey, startTestIdp, type TestIdp } from '../../support/oidc-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// AssumeRoleWithWebIdentity as unmodified clients use it: @aws-sdk/client-sts (the call is
// unsigned, so the client gets no credentials), the SDK's own web-identity credential providers,
// and the sessions' credentials against STS and IAM; tokens come from a real oidc-provider IdP.

const REGION = 'us-east-1'
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const providerIdOf = (idp: TestIdp) => idp.issuer.replace(/^https?:\/\//, '')
const providerArnOf = (idp: TestIdp) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${providerIdOf(idp)}`
const allow = (actions: string | string[], resource: string, condition?: Record<string, unknown>) =>
  ({ Effect: 'Allow', Action: actions, Resource: resource, ...(condition && { Condition: condition }) })
const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements })
const trustFederated = (providers: TestIdp[], actions: string[] = ['sts:AssumeRoleWithWebIdentity'], condition?: Record<string, unknown>) =>
  policy({ Effect: 'Allow', Principal: { Federated: providers.map(providerArnOf) }, Action: actions, ...(condition && { Condition: condition }) })
const trustAccount = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' })

/** The IdP token claim AWS reads session tags from. */
const teamTags = (team: string, transitive = true) =>
  ({ 'https://aws.amazon.com/tags': { principal_tags: { team: [team] }, transitive_tag_keys: transitive ? ['team'] : [] } })

/** The apply file: providers for the IdPs (their ports are known only once they listen), roles trusting them. */
function applyFile(idps: { main: TestIdp; tenant: TestIdp; rotating: TestIdp; shortCache: TestIdp }): string {
  const { main, tenant, rotating, shortCache } = idps
  const plainRole = (name: string) => ({ name, trustPolicy: trustAccount })
  const config = {
    accounts: [{
      id: ACCOUNT,
      oidcProviders: [main, tenant, rotating, shortCache].map((idp) => ({ url: idp.issuer, clientIds: ['sts.amazonaws.com'] })),
      roles: [
        // Reads roles; the session policy tests narrow it.
        {
          name: 'web-reader',
          trustPolicy: trustFederated([main, rotating, shortCache]),
          inlinePolicies: [{ name: 'read-roles', document: policy(allow(['iam:GetRole', 'iam:ListRoles'], '*')) }],
        },
        // ABAC: the team tag of the token names the roles the session may read.
        {
          name: 'web-abac',
          trustPolicy: trustFederated([main], ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']),
          inlinePolicies: [{
            name: 'team-roles',
            document: policy(
              allow('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/team}-*`),
              allow('sts:AssumeRole', roleArn('chained-reader')),
            ),
          }],
        },
        // Role chaining from web-abac: the transitive team tag keeps deciding.
        {
          name: 'chained-reader',
          maxSessionDuration: 43200,
          trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: roleArn('web-abac') }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
          inlinePolicies: [{ name: 'team-roles', document: policy(allow('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/team}-*`)) }],
        },
        // The provider's own keys downstream: a policy variable and aws:FederatedProvider.
        {
          name: 'web-by-subject',
          trustPolicy: trustFederated([main, tenant]),
          inlinePolicies: [{
            name: 'own-role',
            document: policy(
              allow('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/\${${providerIdOf(main)}:sub}`),
              allow('iam:GetRole', roleArn('shared-config'), { StringEquals: { 'aws:FederatedProvider': providerArnOf(main) } }),
            ),
          }],
        },
        // An issuer with a path: its condition keys are `host:port/path:sub`.
        {
          name: 'tenant-role',
          trustPolicy: trustFederated([tenant], ['sts:AssumeRoleWithWebIdentity'], { StringEquals: { [`${providerIdOf(tenant)}:sub`]: 'tenant-app' } }),
        },
        ...['red-app', 'blue-app', 'svc-one', 'svc-two', 'shared-config'].map(plainRole),
      ],
    }],
  }
  return JSON.stringify(config)
}

// The SDK names the error class of wire code InvalidIdentityToken InvalidIdentityTokenException.
const INVALID_TOKEN = 'InvalidIdentityTokenException'
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

const sts = (url: string, credentials?: KeyPair) =>
  new STSClient({ endpoint: url, region: REGION, maxAttempts: 1, ...(credentials && { credentials }) })
const keysOf = (credentials: Credentials | undefined): KeyPair =>
  ({ accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! })

describe(`AssumeRoleWithWebIdentity with unmodified AWS SDK clients and a real IdP on ${backend}`, () => {
  let server: StsTestServer
  let main: TestIdp
  let tenant: TestIdp
  let rotating: TestIdp
  let shortCache: TestIdp
  let workDir: string

  beforeAll(async () => {
    ;[main, tenant, rotating, shortCache] = await Promise.all([
      startTestIdp({ keys: [await generateIdpKey('RS256', 'rsa-1'), await generateIdpKey('ES256', 'ec-1')] }),
      startTestIdp({ path: '/tenant-a' }),
      startTestIdp({ keys: [await generateIdpKey('RS256', 'first')] }),
      startTestIdp({ keys: [await generateIdpKey('RS256', 'short-1')] }),
    ])
    server = await startStsTestServer(applyFile({ main, tenant, rotating, shortCache }), { STSGATE_OIDC_ALLOW_HTTP_LOOPBACK: 'true' })
    workDir = await mkdtemp(path.join(tmpdir(), 'stsgate-web-identity-'))
  })
  afterAll(async () => {
    await server?.close()
    await Promise.all([main, tenant, rotating, shortCache].map((idp) => idp?.close()))
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  const assume = (input: Partial<AssumeRoleWithWebIdentityCommandInput> & { WebIdentityToken: string }) =>
    sts(server.url).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn('web-reader'), RoleSessionName: 'web', ...input }))
  const whoAmI = (credentials: KeyPair) => sts(server.url, credentials).send(new GetCallerIdentityCommand({}))
  const readRole = (credentials: KeyPair, name: string) => iamClient(server.url, credentials).send(new GetRoleCommand({ RoleName: name }))
  const readRoleName = async (credentials: KeyPair, name: string) => (await readRole(credentials, name)).Role!.RoleName
  /** IAM's AccessDenied for a role session (stsgate's wording: the resource ARN and an encoded message, as STS words it). */
  // (ListRoles: whatever resource the server names; AWS's choice for list actions is not pinned here.)
  const iamDenied = (session: string, role: string, action: string, resource?: string) => ({
    code: 'AccessDenied',
    status: 403,
    message: expect.stringMatching(new RegExp(`^${escape(`User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session} is not authorized to perform: ${action} on resource: `)}` +
      `${resource === undefined ? '\\S+' : escape(resource)}\\. Encoded authorization failure message: [\\w-]+$`)),
  })

  describe('a token from the IdP', () => {
    it('returns every member AWS returns, and credentials that sign GetCallerIdentity as the assumed role', async () => {
      const token = await main.token({ clientId: 'ci-runner' })
      const before = Date.now()
      const result = await assume({ WebIdentityToken: token, RoleSessionName: 'ci-build-7' })
      const after = Date.now()
      expect(result.SubjectFromWebIdentityToken).toBe('ci-runner')
      expect(result.Audience).toBe('sts.amazonaws.com')
      expect(result.Provider).toBe(`arn:aws:iam::${ACCOUNT}:oidc-provider/127.0.0.1:${new URL(main.issuer).port}`)
      expect(result.AssumedRoleUser).toEqual({
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web-reader/ci-build-7`,
        AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:ci-build-7$/),
      })
      expect(result.Credentials).toEqual({
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
        SessionToken: expect.stringMatching(/^[A-Za-z0-9+/=]{100,}$/),
        Expiration: expect.any(Date),
      })
      // Whole seconds after the server's clock at issue, which lies between before and after.
      const expires = result.Credentials!.Expiration!.getTime()
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000)
      expect(expires).toBeLessThanOrEqual(after + 3600_000)
      expect(result.PackedPolicySize).toBeUndefined()
      expect(result.SourceIdentity).toBeUndefined()

      const identity = await whoAmI(keysOf(result.Credentials))
      expect(identity).toMatchObject({
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web-reader/ci-build-7`, Account: ACCOUNT, UserId: result.AssumedRoleUser!.AssumedRoleId,
      })
    })

    it('honours an explicit DurationSeconds of 900', async () => {
      const before = Date.now()
      const result = await assume({ WebIdentityToken: await main.token({ clientId: 'ci-runner' }), DurationSeconds: 900 })
      const expires = result.Credentials!.Expiration!.getTime()
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000)
      expect(expires).toBeLessThanOrEqual(Date.now() + 900_000)
    })

    it('accepts an ES256 token from an IdP that publishes an RS256 and an ES256 key', async () => {
      const token = await main.token({ clientId: 'ec-runner', alg: 'ES256' })
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: 'ec-1' })
      const result = await assume({ WebIdentityToken: token, RoleSessionName: 'ec' })
      expect(result.SubjectFromWebIdentityToken).toBe('ec-runner')
      expect((await whoAmI(keysOf(result.Credentials))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/web-reader/ec`)
    })

    it('accepts an issuer with a path, whose condition keys are host:port/path:sub', async () => {
      expect(providerIdOf(tenant)).toMatch(/^127\.0\.0\.1:\d+\/tenant-a$/)
      const result = await assume({ RoleArn: roleArn('tenant-role'), WebIdentityToken: await tenant.token({ clientId: 'tenant-app' }) })
      expect(result.Provider).toBe(`arn:aws:iam::${ACCOUNT}:oidc-provider/${providerIdOf(tenant)}`)
      expect(result.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/tenant-role/web`)
      // The trust policy's StringEquals on `<id>:sub` lets tenant-app in and nobody else.
      const other = await sdkError(assume({ RoleArn: roleArn('tenant-role'), WebIdentityToken: await tenant.token({ clientId: 'tenant-other' }) }))
      expect(other).toEqual({ code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' })
    })

    it('echoes a ProviderId that names the token provider as Provider, and refuses any other', async () => {
      const token = await main.token({ clientId: 'ci-runner' })
      const result = await assume({ WebIdentityToken: token, ProviderId: providerIdOf(main) })
      expect(result.Provider).toBe(providerIdOf(main))
      const other = await sdkError(assume({ WebIdentityToken: token, ProviderId: 'accounts.google.com' }))
      expect(other).toEqual({
        code: INVALID_TOKEN, status: 400,
        message: `ProviderId accounts.google.com is not the provider of this token (${providerIdOf(main)})`,
      })
    })

    it('narrows the session to its session policy (then reporting PackedPolicySize), and caps the duration at the role maximum', async () => {
      const token = await main.token({ clientId: 'ci-runner' })
      const full = await assume({ WebIdentityToken: token, RoleSessionName: 'full' })
      expect((await iamClient(server.url, keysOf(full.Credentials)).send(new ListRolesCommand({}))).Roles!.length).toBeGreaterThan(3)

      const narrowed = await assume({ WebIdentityToken: token, RoleSessionName: 'narrow', Policy: JSON.stringify(policy(allow('iam:GetRole', roleArn('red-app')))) })
      expect(narrowed.PackedPolicySize).toBeGreaterThan(0)
      expect(narrowed.PackedPolicySize).toBeLessThanOrEqual(100)
      const session = keysOf(narrowed.Credentials)
      expect(await readRoleName(session, 'red-app')).toBe('red-app')
      expect(await sdkError(readRole(session, 'blue-app'))).toEqual(iamDenied('narrow', 'web-reader', 'iam:GetRole', roleArn('blue-app')))
      expect(await sdkError(iamClient(server.url, session).send(new ListRolesCommand({})))).toEqual(
        iamDenied('narrow', 'web-reader', 'iam:ListRoles'))

      expect(await sdkError(assume({ WebIdentityToken: token, DurationSeconds: 7200 }))).toEqual({
        code: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      })
    })
  })

  describe("the SDK's web identity credential providers", () => {
    it('fromTokenFile reads the token file (as on EKS or GitHub Actions) and its credentials sign calls', async () => {
      const tokenFile = path.join(workDir, 'token')
      await writeFile(tokenFile, await main.token({ clientId: 'ci-runner' }))
      const credentials = fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn: roleArn('web-reader'),
        roleSessionName: 'from-token-file',
        clientConfig: { endpoint: server.url, region: REGION, maxAttempts: 1 },
      })
      const identity = await new STSClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))
      expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/web-reader/from-token-file`)
      expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:from-token-file$/)
    })

    it('fromWebToken takes the token itself', async () => {
      const credentials = fromWebToken({
        webIdentityToken: await main.token({ clientId: 'ci-runner' }),
        roleArn: roleArn('web-reader'),
        roleSessionName: 'from-web-token',
        durationSeconds: 900,
        clientConfig: { endpoint: server.url, region: REGION, maxAttempts: 1 },
      })
      const resolved = await credentials()
      expect(resolved.accessKeyId).toMatch(/^ASIA/)
      expect(resolved.expiration!.getTime() - Date.now()).toBeLessThanOrEqual(900_000)
      const identity = await new STSClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))
      expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/web-reader/from-web-token`)
    })
  })

  describe('the session downstream', () => {
    const abacSession = async (team: string, transitive = true) => {
      const clientId = `team-${team}${transitive ? '' : '-local'}`
      const token = await main.token({ clientId, claims: teamTags(team, transitive) })
      const result = await assume({ RoleArn: roleArn('web-abac'), RoleSessionName: team, WebIdentityToken: token })
      return keysOf(result.Credentials)
    }

    it('carries the token session tags as aws:PrincipalTag: a team reads its own roles and nothing else (ABAC)', async () => {
      const red = await abacSession('red')
      expect(await readRoleName(red, 'red-app')).toBe('red-app')
      expect(await sdkError(readRole(red, 'blue-app'))).toEqual(iamDenied('red', 'web-abac', 'iam:GetRole', roleArn('blue-app')))
      expect(await sdkError(iamClient(server.url, red).send(new ListRolesCommand({})))).toEqual(
        iamDenied('red', 'web-abac', 'iam:ListRoles'))

      const blue = await abacSession('blue')
      expect(await readRoleName(blue, 'blue-app')).toBe('blue-app')
      expect(await sdkError(readRole(blue, 'red-app'))).toEqual(iamDenied('blue', 'web-abac', 'iam:GetRole', roleArn('red-app')))
    })

    it('refuses session tags when the trust policy does not allow sts:TagSession', async () => {
      const token = await main.token({ clientId: 'team-green', claims: teamTags('green') })
      expect(await sdkError(assume({ WebIdentityToken: token }))).toEqual({
        code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      })
    })

    it("sees the provider's keys: ${<id>:sub} as a policy variable and aws:FederatedProvider as a condition", async () => {
      const one = await assume({ RoleArn: roleArn('web-by-subject'), RoleSessionName: 'one', WebIdentityToken: await main.token({ clientId: 'svc-one' }) })
      const session = keysOf(one.Credentials)
      expect(await readRoleName(session, 'svc-one')).toBe('svc-one')
      expect(await sdkError(readRole(session, 'svc-two'))).toEqual(iamDenied('one', 'web-by-subject', 'iam:GetRole', roleArn('svc-two')))
      expect(await readRoleName(session, 'shared-config')).toBe('shared-config')

      // The same role through the tenant provider: its sub key is another one, its provider too.
      const tenantSession = keysOf((await assume({
        RoleArn: roleArn('web-by-subject'), RoleSessionName: 'tenant', WebIdentityToken: await tenant.token({ clientId: 'svc-one' }),
      })).Credentials)
      expect((await sdkError(readRole(tenantSession, 'svc-one'))).code).toBe('AccessDenied')
      expect((await sdkError(readRole(tenantSession, 'shared-config'))).code).toBe('AccessDenied')
    })

    it('chains to a role that trusts the web identity role, the transitive tag still deciding, within one hour', async () => {
      const red = sts(server.url, await abacSession('red'))
      const chained = await red.send(new AssumeRoleCommand({ RoleArn: roleArn('chained-reader'), RoleSessionName: 'chained' }))
      expect(chained.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/chained-reader/chained`)
      const session = keysOf(chained.Credentials)
      expect(await readRoleName(session, 'red-app')).toBe('red-app')
      expect(await sdkError(readRole(session, 'blue-app'))).toEqual(iamDenied('chained', 'chained-reader', 'iam:GetRole', roleArn('blue-app')))

      expect(await sdkError(red.send(new AssumeRoleCommand({ RoleArn: roleArn('chained-reader'), RoleSessionName: 'long', DurationSeconds: 7200 })))).toEqual({
        code: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      })

      // The same tag, not marked transitive in the token: the first session has it, the chained one not.
      const local = await abacSession('red', false)
      expect(await readRoleName(local, 'red-app')).toBe('red-app')
      const untagged = keysOf((await sts(server.url, local).send(new AssumeRoleCommand({ RoleArn: roleArn('chained-reader'), RoleSessionName: 'untagged' }))).Credentials)
      expect(await sdkError(readRole(untagged, 'red-app'))).toEqual(iamDenied('untagged', 'chained-reader', 'iam:GetRole', roleArn('red-app')))
    })
  })

  describe('audit', () => {
    const rowOf = async (requestId: string | undefined) =>
      server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: requestId! } })
    const everything = (row: unknown) => JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value))

    it('records the web identity user, never the token, and the federation of the later calls of its session', async () => {
      const token = await main.token({ clientId: 'audited-runner' })
      const result = await assume({ WebIdentityToken: token, RoleSessionName: 'audited' })
      const row = await rowOf(result.$metadata.requestId)
      const providerArn = providerArnOf(main)
      expect(row).toMatchObject({ action: 'AssumeRoleWithWebIdentity', outcome: 'success', accountId: ACCOUNT })
      const detail = row.detail as Record<string, unknown>
      expect(detail.userIdentity).toEqual({
        type: 'WebIdentityUser', principalId: `${providerArn}:sts.amazonaws.com:audited-runner`, userName: 'audited-runner', identityProvider: providerArn,
      })
      expect(detail).toMatchObject({
        requestParameters: { RoleArn: roleArn('web-reader'), RoleSessionName: 'audited', WebIdentityToken: '[redacted]' },
        responseElements: {
          credentials: { accessKeyId: result.Credentials!.AccessKeyId },
          subjectFromWebIdentityToken: 'audited-runner',
          provider: providerArn,
          audience: 'sts.amazonaws.com',
        },
      })
      const text = everything(row)
      expect(text).not.toContain(token)
      expect(text).not.toContain(token.split('.')[2])
      expect(text).not.toContain(result.Credentials!.SecretAccessKey)
      expect(text).not.toContain(result.Credentials!.SessionToken)

      const identity = await whoAmI(keysOf(result.Credentials))
      expect((await rowOf(identity.$metadata.requestId)).detail).toMatchObject({
        userIdentity: { type: 'AssumedRole', sessionContext: { webIdFederationData: { federatedProvider: providerArn } } },
      })
    })

    it('records who was refused by the trust policy', async () => {
      const token = await tenant.token({ clientId: 'tenant-intruder' })
      const refused = await assume({ RoleArn: roleArn('tenant-role'), WebIdentityToken: token }).then(() => undefined, (error: { $metadata: { requestId?: string } }) => error)
      const row = await rowOf(refused!.$metadata.requestId)
      const providerArn = providerArnOf(tenant)
      expect(row).toMatchObject({ action: 'AssumeRoleWithWebIdentity', outcome: 'failure', errorCode: 'AccessDenied', accountId: ACCOUNT })
      expect(row.detail).toMatchObject({
        errorCode: 'AccessDenied',
        requestParameters: { WebIdentityToken: '[redacted]' },
      })
      expect((row.detail as Record<string, unknown>).userIdentity).toEqual({
        type: 'WebIdentityUser', principalId: `${providerArn}:sts.amazonaws.com:tenant-intruder`, userName: 'tenant-intruder', identityProvider: providerArn,
      })
      expect(everything(row)).not.toContain(token.split('.')[2])
    })
  })

  describe('key rotation at the IdP, without restarting stsgate', () => {
    // Every step moves the server clock (the key cache's clock); tokens from the IdP carry real
    // times, so each test starts from the real time again.
    afterEach(() => server.setClockOffset(0))

    it('accepts the new key once the unknown-kid cooldown has passed, and refuses a withdrawn key within 600 s whatever the IdP says', async () => {
      // The IdP lets its key set be cached for a day; stsgate keeps it 600 s at most.
      rotating.setJwksHeaders({ 'cache-control': 'max-age=86400' })
      const oldToken = await rotating.token({ clientId: 'ci-runner' })
      const assumeRotating = (token: string) => assume({ WebIdentityToken: token, RoleSessionName: 'rotation' })
      await assumeRotating(oldToken)
      expect(rotating.requests.count('/jwks')).toBe(1)

      const next = await generateIdpKey('RS256', 'second')
      await rotating.rotate(next)
      const newToken = await rotating.token({ clientId: 'ci-runner' })
      expect(decodeProtectedHeader(newToken).kid).toBe('second')
      // An unknown kid refetches the key set, but at most once per 30 s counted from the last
      // fetch (a flood of made-up kids must not become a flood of fetches at the IdP). The first
      // fetch happened just now, so the new key is not looked for yet...
      expect(await sdkError(assumeRotating(newToken))).toEqual({
        code: INVALID_TOKEN, status: 400, message: 'No signing key of the identity provider matches the web identity token.',
      })
      expect(rotating.requests.count('/jwks')).toBe(1)
      // ...and is 31 s later: moving the server clock stands in for waiting.
      server.setClockOffset(31_000)
      expect((await assumeRotating(newToken)).SubjectFromWebIdentityToken).toBe('ci-runner')
      expect(rotating.requests.count('/jwks')).toBe(2)

      // The IdP withdraws the old key. The old token, still valid, is accepted while the key set
      // fetched at +31 s is cached (before the background refresh at 75 % of 600 s), and refused
      // once the 600 s ceiling has passed, although the IdP allowed a day.
      await rotating.rotate(next, [next])
      server.setClockOffset(31_000 + 200_000)
      expect((await assumeRotating(oldToken)).SubjectFromWebIdentityToken).toBe('ci-runner')
      expect(rotating.requests.count('/jwks')).toBe(2)
      const pastCeiling = 31_000 + 600_000 + 1_000
      // The IdP's tokens live 600 s, verification tolerates 60 s of skew: the old token must still
      // be valid on the moved clock, or this would test expiry instead of key withdrawal.
      expect(Date.now() + pastCeiling).toBeLessThan((decodeJwt(oldToken).exp! + 60) * 1000)
      server.setClockOffset(pastCeiling)
      expect(await sdkError(assumeRotating(oldToken))).toEqual({
        code: INVALID_TOKEN, status: 400, message: 'No signing key of the identity provider matches the web identity token.',
      })
      expect(rotating.requests.count('/jwks')).toBe(3)
      expect((await assumeRotating(newToken)).SubjectFromWebIdentityToken).toBe('ci-runner')
    })

    it("keeps a key set as long as the IdP's Cache-Control max-age says (120 s), then fetches it again", async () => {
      shortCache.setJwksHeaders({ 'cache-control': 'public, max-age=120' })
      const oldToken = await shortCache.token({ clientId: 'ci-runner' })
      const assumeShort = (token: string) => assume({ WebIdentityToken: token, RoleSessionName: 'short-cache' })
      await assumeShort(oldToken)
      expect(shortCache.requests.count('/jwks')).toBe(1)

      const next = await generateIdpKey('RS256', 'short-2')
      await shortCache.rotate(next, [next])
      // Within 120 s, before the background refresh at 75 % (90 s): the cached set, unchanged.
      server.setClockOffset(80_000)
      expect((await assumeShort(oldToken)).SubjectFromWebIdentityToken).toBe('ci-runner')
      expect(shortCache.requests.count('/jwks')).toBe(1)
      // After 120 s: fetched again, and the withdrawn key is gone; the new one is there.
      server.setClockOffset(121_000)
      expect(await sdkError(assumeShort(oldToken))).toEqual({
        code: INVALID_TOKEN, status: 400, message: 'No signing key of the identity provider matches the web identity token.',
      })
      expect(shortCache.requests.count('/jwks')).toBe(2)
      expect((await assumeShort(await shortCache.token({ clientId: 'ci-runner' }))).SubjectFromWebIdentityToken).toBe('ci-runner')
      expect(shortCache.requests.count('/jwks')).toBe(2)
    })
  })
})
