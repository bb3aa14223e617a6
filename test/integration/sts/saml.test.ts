import { createHash } from 'node:crypto'
import {
  CreateRoleCommand, CreateSAMLProviderCommand, GetRoleCommand, ListRolesCommand, PutRolePolicyCommand, UpdateSAMLProviderCommand, type IAMClient,
} from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand, AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleWithSAMLCommandInput, type Credentials,
} from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError, type KeyPair } from '../../support/iam-client.ts'
import {
  AWS_SAML_ATTRIBUTE, certificateBase64, generateSamlIdp, principalTagAttribute, roleAttribute, roleSessionNameAttribute, SAML, samlIdpMetadata, samlResponse,
  sessionDurationAttribute, sourceIdentityAttribute, transitiveTagKeysAttribute, type ResponseOptions, type SamlAttribute, type SamlIdpKeys,
} from '../../support/saml-idp.ts'
import { startSamlifyIdp, type SamlifyIdp } from '../../support/samlify-idp.ts'
import { ACCOUNT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// AssumeRoleWithSAML as unmodified clients use it: @aws-sdk/client-iam imports an independent IdP
// (samlify) from its metadata and creates the roles that trust it, @aws-sdk/client-sts (unsigned)
// trades samlify's Responses for role sessions, whose credentials then sign STS and IAM calls.
// Where samlify cannot shape a Response (transient NameID, SessionNotOnOrAfter), the hand-rolled
// IdP of saml-idp.ts signs it.

const REGION = 'us-east-1'
// stsgate's SP endpoints under the default public URL (the test server does not set one).
const ACS = 'http://localhost:8080/saml/acs'
const SP_ENTITY_ID = 'http://localhost:8080/saml/metadata'
const AWS_SIGNIN = 'https://signin.aws.amazon.com/saml'

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const providerArn = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`
const CORP = providerArn('corp')
const HAND = providerArn('hand')
const ROLLOVER = providerArn('rollover')
const allow = (actions: string | string[], resource: string, condition?: Record<string, unknown>) =>
  ({ Effect: 'Allow', Action: actions, Resource: resource, ...(condition && { Condition: condition }) })
const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements })
const trustSaml = (providers: string[], actions: string[] = ['sts:AssumeRoleWithSAML'], condition?: Record<string, unknown>) =>
  policy({ Effect: 'Allow', Principal: { Federated: providers.length === 1 ? providers[0] : providers }, Action: actions, ...(condition && { Condition: condition }) })
const trustAccount = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' })
/** AWS's NameQualifier (and saml:namequalifier): Base64(SHA1(Issuer + AccountId + "/" + ProviderName)). */
const qualifierOf = (issuer: string, provider: string) => createHash('sha1').update(`${issuer}${ACCOUNT}/${provider}`).digest('base64')
const EDU_PERSON_AFFILIATION = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1'

// The SDK names the error classes of these wire codes with an Exception suffix.
const INVALID_TOKEN = 'InvalidIdentityTokenException'
const NOT_TRUSTED = { code: 'AccessDenied', status: 403, message: 'Not authorized to perform sts:AssumeRoleWithSAML' }
const NOT_SIGNED = { code: INVALID_TOKEN, status: 400, message: 'The SAML response is not signed by the identity provider named by PrincipalArn.' }
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

const sts = (url: string, credentials?: KeyPair) =>
  new STSClient({ endpoint: url, region: REGION, maxAttempts: 1, ...(credentials && { credentials }) })
const keysOf = (credentials: Credentials | undefined): KeyPair =>
  ({ accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! })
/** Seconds from now until the credentials expire. */
const secondsLeft = (credentials: Credentials | undefined) => (credentials!.Expiration!.getTime() - Date.now()) / 1000

/** Creates a role through IAM with its trust policy and (optionally) one inline policy. */
async function createRole(iam: IAMClient, name: string, trust: object, permissions?: object): Promise<string> {
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }))
  if (permissions) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'permissions', PolicyDocument: JSON.stringify(permissions) }))
  return Role!.Arn!
}

/** Who sends a Response in a trust-condition case: samlify as corp, or the hand-rolled IdP as hand, and what differs. */
interface Sender { readonly label: string; readonly from: 'corp' | 'hand'; readonly nameId?: string; readonly transient?: boolean; readonly affiliation?: string[] }
const CORP_ALICE: Sender = { label: 'the corp IdP', from: 'corp' }
const OTHER_IDP: Sender = { label: 'another IdP', from: 'hand' }
const CORP_ISSUER = 'https://idp.corp.example/metadata'

/** One trust condition per role; a Response that satisfies it and one that does not. */
const TRUST_KEYS: ReadonlyArray<{ key: string; role: string; condition: Record<string, unknown>; matching: Sender; other: Sender }> = [
  {
    key: 'saml:sub', role: 'saml-key-sub', condition: { StringEquals: { 'saml:sub': 'alice@corp.example' } },
    matching: { label: 'alice', from: 'corp' }, other: { label: 'bob', from: 'corp', nameId: 'bob@corp.example' },
  },
  {
    key: 'saml:sub_type', role: 'saml-key-sub-type', condition: { StringEquals: { 'saml:sub_type': 'persistent' } },
    matching: { label: 'a persistent NameID', from: 'hand' }, other: { label: 'a transient one', from: 'hand', transient: true },
  },
  { key: 'saml:iss', role: 'saml-key-iss', condition: { StringEquals: { 'saml:iss': CORP_ISSUER } }, matching: CORP_ALICE, other: OTHER_IDP },
  { key: 'saml:doc', role: 'saml-key-doc', condition: { StringEquals: { 'saml:doc': `${ACCOUNT}/corp` } }, matching: CORP_ALICE, other: OTHER_IDP },
  {
    key: 'saml:namequalifier', role: 'saml-key-namequalifier', condition: { StringEquals: { 'saml:namequalifier': qualifierOf(CORP_ISSUER, 'corp') } },
    matching: CORP_ALICE, other: OTHER_IDP,
  },
  {
    key: 'saml:edupersonaffiliation', role: 'saml-key-affiliation', condition: { 'ForAnyValue:StringEquals': { 'saml:edupersonaffiliation': 'staff' } },
    matching: { label: 'a member of staff', from: 'corp', affiliation: ['member', 'staff'] },
    other: { label: 'a student member', from: 'corp', affiliation: ['member', 'student'] },
  },
]

const TEAM_ROLES = policy(allow('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/\${aws:PrincipalTag/team}-*`))

// Plain roles the sessions read (ABAC targets) and the targets of role chaining.
const APPLY_FILE = JSON.stringify({
  accounts: [{
    id: ACCOUNT,
    roles: [
      ...['red-app', 'blue-app'].map((name) => ({ name, trustPolicy: trustAccount })),
      {
        name: 'chained',
        trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: roleArn('saml-source') }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }),
      },
      {
        name: 'abac-chained',
        trustPolicy: policy({ Effect: 'Allow', Principal: { AWS: roleArn('saml-abac') }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
        inlinePolicies: [{ name: 'team-roles', document: TEAM_ROLES }],
      },
    ],
  }],
})

describe(`AssumeRoleWithSAML with unmodified AWS SDK clients and an independent IdP (samlify) on ${backend}`, () => {
  let server: StsTestServer
  let iam: IAMClient
  let corp: SamlifyIdp
  let hand: SamlIdpKeys
  let rollOld: SamlifyIdp
  let rollNew: SamlifyIdp
  /** samlify signing only the Response, and only the Assertion. */
  let responseSigned: SamlifyIdp
  let assertionSigned: SamlifyIdp
  let spMetadata: string

  beforeAll(async () => {
    ;[server, corp, hand, rollOld, rollNew, responseSigned, assertionSigned] = await Promise.all([
      startStsTestServer(APPLY_FILE),
      startSamlifyIdp({ entityId: CORP_ISSUER }),
      generateSamlIdp('https://hand.example.org/saml'),
      startSamlifyIdp({ entityId: 'https://rollover.example.net/metadata' }),
      startSamlifyIdp({ entityId: 'https://rollover.example.net/metadata' }),
      startSamlifyIdp({ entityId: 'https://response-signed.example/metadata', signAssertion: false }),
      startSamlifyIdp({ entityId: 'https://assertion-signed.example/metadata', signResponse: false }),
    ])
    iam = iamClient(server.url)
    const metadata = await fetch(`${server.url}/saml/metadata`)
    expect(metadata.status).toBe(200)
    spMetadata = await metadata.text()

    const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'corp', SAMLMetadataDocument: corp.metadata }))
    expect(created.SAMLProviderArn).toBe(CORP)
    await Promise.all(Object.entries({
      hand: samlIdpMetadata(hand), rollover: rollOld.metadata, 'response-signed': responseSigned.metadata, 'assertion-signed': assertionSigned.metadata,
    }).map(([Name, SAMLMetadataDocument]) => iam.send(new CreateSAMLProviderCommand({ Name, SAMLMetadataDocument }))))

    const corpArn = created.SAMLProviderArn!
    const tagged = ['sts:AssumeRoleWithSAML', 'sts:TagSession']
    await Promise.all([
      // The role an AWS administrator would create for the IdP: only Responses meant for this ACS.
      createRole(iam, 'saml-reader', trustSaml([corpArn, HAND], tagged, { StringEquals: { 'saml:aud': ACS } })),
      createRole(iam, 'saml-other', trustSaml([corpArn])),
      // ABAC: the PrincipalTag attribute names the roles the session reads.
      createRole(iam, 'saml-abac', trustSaml([corpArn], tagged), { ...TEAM_ROLES, Statement: [...TEAM_ROLES.Statement, allow('sts:AssumeRole', roleArn('abac-chained'))] }),
      createRole(iam, 'saml-untagged', trustSaml([corpArn])),
      // The saml:* keys in the trust policy only; the session keeps aws:FederatedProvider.
      createRole(iam, 'saml-downstream', trustSaml([corpArn]), policy(
        allow('iam:GetRole', roleArn('red-app'), { StringEquals: { 'saml:sub': 'alice@corp.example' } }),
        allow('iam:GetRole', roleArn('blue-app'), { StringEquals: { 'aws:FederatedProvider': corpArn } }),
      )),
      createRole(iam, 'saml-source', trustSaml([corpArn], ['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity']),
        policy(allow(['sts:AssumeRole', 'sts:SetSourceIdentity'], roleArn('chained')))),
      createRole(iam, 'saml-rollover', trustSaml([ROLLOVER])),
      createRole(iam, 'saml-signing', trustSaml([providerArn('response-signed'), providerArn('assertion-signed')])),
      ...TRUST_KEYS.map(({ role, condition }) => createRole(iam, role, trustSaml([corpArn, HAND], ['sts:AssumeRoleWithSAML'], condition))),
    ])
  })
  afterAll(async () => {
    await server?.close()
  })

  /** samlify's Response for stsgate (Destination/Recipient its ACS, Audience its entity id), as in the SP metadata it was given. */
  const fromCorp = (input: { nameId?: string; attributes: readonly SamlAttribute[]; encrypt?: boolean; audience?: string; recipient?: string }, idp = corp) =>
    idp.response({ spMetadata, ...input, nameId: input.nameId ?? 'alice@corp.example' })
  /** The hand-rolled IdP's Response for stsgate, its assertion signed. */
  const fromHand = (options: Omit<ResponseOptions, 'idp'>) =>
    samlResponse({ idp: hand, destination: ACS, recipient: ACS, audiences: [[SP_ENTITY_ID]], nameId: 'alice@corp.example', ...options })
  /** The Role and RoleSessionName attributes an IdP sends for one role of one provider. */
  const asRole = (role: string, provider = CORP, session = 'alice'): SamlAttribute[] =>
    [roleAttribute(roleArn(role), provider), roleSessionNameAttribute(session)]
  const assume = (input: Partial<AssumeRoleWithSAMLCommandInput> & { SAMLAssertion: string; role: string }, url = server.url) => {
    const { role, ...rest } = input
    return sts(url).send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn(role), PrincipalArn: CORP, ...rest }))
  }
  const whoAmI = (credentials: KeyPair) => sts(server.url, credentials).send(new GetCallerIdentityCommand({}))
  const readRole = (credentials: KeyPair, name: string) => iamClient(server.url, credentials).send(new GetRoleCommand({ RoleName: name }))
  const readRoleName = async (credentials: KeyPair, name: string) => (await readRole(credentials, name)).Role!.RoleName
  /** IAM's AccessDenied for a role session. */
  const iamDenied = (session: string, role: string, action: string, resource?: string) => ({
    code: 'AccessDenied',
    status: 403,
    message: expect.stringMatching(new RegExp(`^${escape(`User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session} is not authorized to perform: ${action} on resource: `)}` +
      `${resource === undefined ? '\\S+' : escape(resource)}\\. Encoded authorization failure message: [\\w-]+$`)),
  })

  describe('a Response from the IdP imported through IAM', () => {
    it.each([false, true])('returns every member AWS returns (assertion encrypted=%s), and credentials that sign GetCallerIdentity', async (encrypt) => {
      const response = await fromCorp({ attributes: asRole('saml-reader', CORP, 'alice-laptop'), encrypt })
      expect(Buffer.from(response, 'base64').toString().includes('EncryptedAssertion')).toBe(encrypt)
      const before = Date.now()
      const result = await assume({ role: 'saml-reader', SAMLAssertion: response })
      const after = Date.now()
      expect(result.Subject).toBe('alice@corp.example')
      expect(result.SubjectType).toBe('persistent')
      expect(result.Issuer).toBe(corp.entityId)
      expect(result.Audience).toBe(ACS)
      expect(result.NameQualifier).toBe(qualifierOf(corp.entityId, 'corp'))
      expect(result.AssumedRoleUser).toEqual({
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/saml-reader/alice-laptop`,
        AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:alice-laptop$/),
      })
      expect(result.Credentials).toEqual({
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
        SessionToken: expect.stringMatching(/^[A-Za-z0-9+/=]{100,}$/),
        Expiration: expect.any(Date),
      })
      const expires = result.Credentials!.Expiration!.getTime()
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000)
      expect(expires).toBeLessThanOrEqual(after + 3600_000)
      expect(result.PackedPolicySize).toBeUndefined()
      expect(result.SourceIdentity).toBeUndefined()

      const identity = await whoAmI(keysOf(result.Credentials))
      expect(identity).toMatchObject({
        Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/saml-reader/alice-laptop`, Account: ACCOUNT, UserId: result.AssumedRoleUser!.AssumedRoleId,
      })
    })

    it.each([
      ['the Response', 'response-signed', false], ['the Response', 'response-signed', true],
      ['the Assertion', 'assertion-signed', false], ['the Assertion', 'assertion-signed', true],
    ] as const)('accepts an IdP that signs only %s (provider %s, encrypted=%s)', async (_what, provider, encrypt) => {
      const idp = provider === 'response-signed' ? responseSigned : assertionSigned
      const response = await fromCorp({ attributes: asRole('saml-signing', providerArn(provider)), encrypt }, idp)
      const result = await assume({ role: 'saml-signing', PrincipalArn: providerArn(provider), SAMLAssertion: response })
      expect(result.Issuer).toBe(idp.entityId)
      expect(result.NameQualifier).toBe(qualifierOf(idp.entityId, provider))
      expect(result.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-signing/alice`)
    })

    it('refuses the same Response for the same role a second time, but lets it serve each role it offers once (as multi-account tools use it)', async () => {
      const attributes: SamlAttribute[] = [[AWS_SAML_ATTRIBUTE.role, [`${roleArn('saml-reader')},${CORP}`, `${roleArn('saml-other')},${CORP}`]], roleSessionNameAttribute('alice')]
      const response = await fromCorp({ attributes })
      await assume({ role: 'saml-reader', SAMLAssertion: response })
      expect(await sdkError(assume({ role: 'saml-reader', SAMLAssertion: response }))).toEqual({
        code: INVALID_TOKEN, status: 400, message: 'The SAML assertion has already been used.',
      })
      expect((await assume({ role: 'saml-other', SAMLAssertion: response })).AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-other/alice`)
      expect(await sdkError(assume({ role: 'saml-other', SAMLAssertion: response }))).toEqual({
        code: INVALID_TOKEN, status: 400, message: 'The SAML assertion has already been used.',
      })
    })

    it('uses the requested pair of a Role attribute with several, in either order, and no role the IdP did not offer', async () => {
      const attributes: SamlAttribute[] = [
        [AWS_SAML_ATTRIBUTE.role, [`${roleArn('saml-other')},${CORP}`, `${CORP},${roleArn('saml-reader')}`]],
        roleSessionNameAttribute('bob'),
      ]
      const other = await assume({ role: 'saml-other', SAMLAssertion: await fromCorp({ nameId: 'bob', attributes }) })
      expect(other.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-other/bob`)
      // The provider first, then the role: the same pair.
      const reader = await assume({ role: 'saml-reader', SAMLAssertion: await fromCorp({ nameId: 'bob', attributes }) })
      expect(reader.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-reader/bob`)
      expect((await whoAmI(keysOf(reader.Credentials))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-reader/bob`)
      // saml-abac trusts corp, but this IdP did not offer it to bob.
      expect(await sdkError(assume({ role: 'saml-abac', SAMLAssertion: await fromCorp({ nameId: 'bob', attributes }) }))).toEqual(NOT_TRUSTED)
    })

    it('narrows the session to a session policy, then reporting PackedPolicySize', async () => {
      const result = await assume({
        role: 'saml-abac', SAMLAssertion: await fromCorp({ attributes: [...asRole('saml-abac'), principalTagAttribute('team', 'red')] }),
        Policy: JSON.stringify(policy(allow('iam:GetRole', roleArn('red-app')))),
      })
      expect(result.PackedPolicySize).toBeGreaterThan(0)
      expect(result.PackedPolicySize).toBeLessThanOrEqual(100)
      expect(await readRoleName(keysOf(result.Credentials), 'red-app')).toBe('red-app')
    })
  })

  describe('session tags from PrincipalTag attributes (ABAC)', () => {
    const teamSession = async (team: string) => {
      const result = await assume({
        role: 'saml-abac',
        SAMLAssertion: await fromCorp({
          nameId: `${team}@corp.example`, attributes: [...asRole('saml-abac', CORP, team), principalTagAttribute('team', team), transitiveTagKeysAttribute('team')],
        }),
      })
      expect(result.PackedPolicySize).toBeGreaterThan(0)
      return keysOf(result.Credentials)
    }

    it('lets a team read its own roles and nothing else', async () => {
      const red = await teamSession('red')
      expect(await readRoleName(red, 'red-app')).toBe('red-app')
      expect(await sdkError(readRole(red, 'blue-app'))).toEqual(iamDenied('red', 'saml-abac', 'iam:GetRole', roleArn('blue-app')))
      expect(await sdkError(iamClient(server.url, red).send(new ListRolesCommand({})))).toEqual(iamDenied('red', 'saml-abac', 'iam:ListRoles'))

      const blue = await teamSession('blue')
      expect(await readRoleName(blue, 'blue-app')).toBe('blue-app')
      expect(await sdkError(readRole(blue, 'red-app'))).toEqual(iamDenied('blue', 'saml-abac', 'iam:GetRole', roleArn('red-app')))
    })

    it('passes the transitive team tag on through role chaining', async () => {
      const red = sts(server.url, await teamSession('red'))
      const chained = keysOf((await red.send(new AssumeRoleCommand({ RoleArn: roleArn('abac-chained'), RoleSessionName: 'chained' }))).Credentials)
      expect(await readRoleName(chained, 'red-app')).toBe('red-app')
      expect(await sdkError(readRole(chained, 'blue-app'))).toEqual(iamDenied('chained', 'abac-chained', 'iam:GetRole', roleArn('blue-app')))
    })

    it('refuses session tags when the trust policy does not allow sts:TagSession', async () => {
      const response = await fromCorp({ attributes: [...asRole('saml-untagged'), principalTagAttribute('team', 'red')] })
      expect(await sdkError(assume({ role: 'saml-untagged', SAMLAssertion: response }))).toEqual(NOT_TRUSTED)
      // The same role without the tag.
      expect((await assume({ role: 'saml-untagged', SAMLAssertion: await fromCorp({ attributes: asRole('saml-untagged') }) })).AssumedRoleUser!.Arn)
        .toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-untagged/alice`)
    })
  })

  describe('trust policy conditions on the saml: keys', () => {
    const sentBy = async (sender: Sender, role: string) => sender.from === 'corp'
      ? {
          PrincipalArn: CORP,
          SAMLAssertion: await fromCorp({
            ...(sender.nameId && { nameId: sender.nameId }),
            attributes: [...asRole(role), ...(sender.affiliation ? [[EDU_PERSON_AFFILIATION, sender.affiliation] as const] : [])],
          }),
        }
      : { PrincipalArn: HAND, SAMLAssertion: await fromHand({ attributes: asRole(role, HAND), ...(sender.transient && { nameIdFormat: SAML.transient }) }) }

    for (const { key, role, matching, other } of TRUST_KEYS) {
      it(`${key}: admits ${matching.label}, refuses ${other.label}`, async () => {
        const admitted = await assume({ role, ...(await sentBy(matching, role)) })
        expect(admitted.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${role}/alice`)
        expect(await sdkError(assume({ role, ...(await sentBy(other, role)) }))).toEqual(NOT_TRUSTED)
      })
    }

    it('saml:aud is the Recipient, and an IdP sending another one is refused before any trust policy', async () => {
      // saml-reader's trust requires saml:aud = the ACS URL; its result's Audience says the same.
      const ok = await assume({ role: 'saml-reader', SAMLAssertion: await fromHand({ attributes: asRole('saml-reader', HAND) }), PrincipalArn: HAND })
      expect(ok.Audience).toBe(ACS)
      expect(await sdkError(assume({ role: 'saml-reader', PrincipalArn: HAND, SAMLAssertion: await fromHand({ recipient: AWS_SIGNIN, attributes: asRole('saml-reader', HAND) }) })))
        .toEqual({ code: INVALID_TOKEN, status: 400, message: 'The SAML assertion is for another Recipient.' })
    })

    it('keeps the saml: keys out of the session: its later requests see aws:FederatedProvider only', async () => {
      const result = await assume({ role: 'saml-downstream', SAMLAssertion: await fromCorp({ attributes: asRole('saml-downstream') }) })
      const session = keysOf(result.Credentials)
      expect(await readRoleName(session, 'blue-app')).toBe('blue-app')
      expect(await sdkError(readRole(session, 'red-app'))).toEqual(iamDenied('alice', 'saml-downstream', 'iam:GetRole', roleArn('red-app')))
    })
  })

  describe('session duration', () => {
    it('is shortened by the SessionDuration attribute', async () => {
      const result = await assume({
        role: 'saml-reader', DurationSeconds: 3600, SAMLAssertion: await fromCorp({ attributes: [...asRole('saml-reader'), sessionDurationAttribute(1800)] }),
      })
      expect(secondsLeft(result.Credentials)).toBeGreaterThan(1795)
      expect(secondsLeft(result.Credentials)).toBeLessThanOrEqual(1800)
    })

    it('is not lengthened by a SessionDuration attribute longer than DurationSeconds', async () => {
      const result = await assume({ role: 'saml-reader', SAMLAssertion: await fromCorp({ attributes: [...asRole('saml-reader'), sessionDurationAttribute(43200)] }) })
      expect(secondsLeft(result.Credentials)).toBeGreaterThan(3595)
      expect(secondsLeft(result.Credentials)).toBeLessThanOrEqual(3600)
    })

    it("ends with the IdP's session (AuthnStatement SessionNotOnOrAfter in 20 minutes)", async () => {
      const response = await fromHand({ sessionNotOnOrAfter: new Date(Date.now() + 20 * 60_000), attributes: asRole('saml-reader', HAND) })
      const result = await assume({ role: 'saml-reader', PrincipalArn: HAND, SAMLAssertion: response })
      expect(secondsLeft(result.Credentials)).toBeGreaterThan(1190)
      expect(secondsLeft(result.Credentials)).toBeLessThanOrEqual(1200)
    })

    it("refuses a DurationSeconds above the role's MaxSessionDuration, without spending the assertion", async () => {
      const response = await fromCorp({ attributes: asRole('saml-reader') })
      expect(await sdkError(assume({ role: 'saml-reader', DurationSeconds: 7200, SAMLAssertion: response }))).toEqual({
        code: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      })
      // A refused attempt leaves the assertion usable: the corrected retry succeeds.
      expect((await assume({ role: 'saml-reader', SAMLAssertion: response })).AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-reader/alice`)
    })
  })

  it('sets the SourceIdentity attribute on the session (sts:SetSourceIdentity), and role chaining keeps it', async () => {
    const result = await assume({ role: 'saml-source', SAMLAssertion: await fromCorp({ attributes: [...asRole('saml-source'), sourceIdentityAttribute('alice-src')] }) })
    expect(result.SourceIdentity).toBe('alice-src')
    const chained = await sts(server.url, keysOf(result.Credentials)).send(new AssumeRoleCommand({ RoleArn: roleArn('chained'), RoleSessionName: 'next' }))
    expect(chained.SourceIdentity).toBe('alice-src')
    expect((await whoAmI(keysOf(chained.Credentials))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/chained/next`)
    // Without sts:SetSourceIdentity in the trust policy: refused.
    const untrusted = await fromCorp({ attributes: [...asRole('saml-other'), sourceIdentityAttribute('alice-src')] })
    expect(await sdkError(assume({ role: 'saml-other', SAMLAssertion: untrusted }))).toEqual(NOT_TRUSTED)
  })

  it("follows the IdP's certificate rollover through UpdateSAMLProvider", async () => {
    const send = async (idp: SamlifyIdp) => assume({
      role: 'saml-rollover', PrincipalArn: ROLLOVER, SAMLAssertion: await fromCorp({ attributes: asRole('saml-rollover', ROLLOVER) }, idp),
    })
    expect((await send(rollOld)).Issuer).toBe(rollOld.entityId)
    expect(await sdkError(send(rollNew))).toEqual(NOT_SIGNED)

    // The IdP publishes both certificates while it rolls over.
    const both = samlIdpMetadata(
      { entityId: rollOld.entityId, privateKeyPem: '', certificatePem: rollOld.certificatePem, certificateBase64: certificateBase64(rollOld.certificatePem) },
      [rollNew.certificatePem],
    )
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: ROLLOVER, SAMLMetadataDocument: both }))
    expect((await send(rollOld)).Issuer).toBe(rollOld.entityId)
    expect((await send(rollNew)).Issuer).toBe(rollNew.entityId)

    // Then only the new one: the old key's Responses are refused at once.
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: ROLLOVER, SAMLMetadataDocument: rollNew.metadata }))
    expect(await sdkError(send(rollOld))).toEqual(NOT_SIGNED)
    expect((await send(rollNew)).AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/saml-rollover/alice`)
  })

  describe('audit', () => {
    const everything = (row: unknown) => JSON.stringify(row, (_key, value) => (typeof value === 'bigint' ? String(value) : value))

    it('records the SAML user as CloudTrail does, and no part of the assertion', async () => {
      const response = await fromCorp({ nameId: 'audited@corp.example', attributes: asRole('saml-reader', CORP, 'audited') })
      const result = await assume({ role: 'saml-reader', SAMLAssertion: response })
      const row = await server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: result.$metadata.requestId! } })
      const qualifier = qualifierOf(corp.entityId, 'corp')
      expect(row).toMatchObject({ action: 'AssumeRoleWithSAML', outcome: 'success', accountId: ACCOUNT })
      const detail = row.detail as Record<string, unknown>
      expect(detail.userIdentity).toEqual({
        type: 'SAMLUser', principalId: `${qualifier}:audited@corp.example`, userName: 'audited@corp.example', identityProvider: qualifier,
      })
      expect(detail).toMatchObject({
        requestParameters: { RoleArn: roleArn('saml-reader'), PrincipalArn: CORP, SAMLAssertion: '[redacted]' },
        responseElements: {
          credentials: { accessKeyId: result.Credentials!.AccessKeyId },
          subject: 'audited@corp.example', subjectType: 'persistent', issuer: corp.entityId, audience: ACS, nameQualifier: qualifier,
        },
      })
      const text = everything(row)
      const xml = Buffer.from(response, 'base64').toString('utf8')
      // No 32-character stretch of the base64, no signature or digest value, no XML.
      for (let at = 0; at + 32 <= response.length; at += 32) expect(text).not.toContain(response.slice(at, at + 32))
      for (const [, value] of xml.matchAll(/<ds:(?:SignatureValue|DigestValue)>([^<]+)</g)) expect(text).not.toContain(value!.trim())
      expect(text).not.toMatch(/<saml|<samlp|<ds:/)
      expect(text).not.toContain(result.Credentials!.SecretAccessKey)
      expect(text).not.toContain(result.Credentials!.SessionToken)
    })

    it('records the SAML user the trust policy refused', async () => {
      const response = await fromCorp({ nameId: 'intruder@corp.example', attributes: asRole('saml-key-sub') })
      const refused = await assume({ role: 'saml-key-sub', SAMLAssertion: response }).then(() => undefined, (error: { $metadata: { requestId?: string } }) => error)
      const row = await server.database.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: refused!.$metadata.requestId! } })
      const qualifier = qualifierOf(corp.entityId, 'corp')
      expect(row).toMatchObject({ action: 'AssumeRoleWithSAML', outcome: 'failure', errorCode: 'AccessDenied', accountId: ACCOUNT })
      expect(row.detail).toMatchObject({
        userIdentity: { type: 'SAMLUser', principalId: `${qualifier}:intruder@corp.example`, userName: 'intruder@corp.example', identityProvider: qualifier },
        requestParameters: { SAMLAssertion: '[redacted]' },
      })
      expect(everything(row)).not.toContain(response.slice(0, 64))
    })
  })

  describe('STSGATE_SAML_RECIPIENTS=https://signin.aws.amazon.com/saml', () => {
    let awsLike: StsTestServer
    beforeAll(async () => {
      awsLike = await startStsTestServer(JSON.stringify({
        accounts: [{
          id: ACCOUNT,
          samlProviders: [{ name: 'corp', metadata: corp.metadata }],
          roles: [
            // What AWS's console wizard writes for a SAML role.
            { name: 'aws-federated', trustPolicy: trustSaml([CORP], ['sts:AssumeRoleWithSAML'], { StringEquals: { 'saml:aud': AWS_SIGNIN } }) },
            { name: 'acs-only', trustPolicy: trustSaml([CORP], ['sts:AssumeRoleWithSAML'], { StringEquals: { 'saml:aud': ACS } }) },
          ],
        }],
      }), { STSGATE_SAML_RECIPIENTS: AWS_SIGNIN })
    })
    afterAll(async () => {
      await awsLike?.close()
    })
    /** A Response as an IdP configured for AWS sends it: to AWS's sign-in URL, for urn:amazon:webservices. */
    const forAws = (role: string) => fromCorp({ attributes: asRole(role), recipient: AWS_SIGNIN, audience: 'urn:amazon:webservices' })

    it('accepts a Response addressed to AWS sign-in, whose Recipient is then saml:aud and the Audience', async () => {
      const response = await forAws('aws-federated')
      expect(Buffer.from(response, 'base64').toString()).toMatch(/Destination="https:\/\/signin\.aws\.amazon\.com\/saml"/)
      const result = await assume({ role: 'aws-federated', SAMLAssertion: response }, awsLike.url)
      expect(result.Audience).toBe(AWS_SIGNIN)
      expect(result.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/aws-federated/alice`)
      expect(await sdkError(assume({ role: 'acs-only', SAMLAssertion: await forAws('acs-only') }, awsLike.url))).toEqual(NOT_TRUSTED)
    })

    it('is needed: a server without it refuses the same Response', async () => {
      expect(await sdkError(assume({ role: 'saml-reader', SAMLAssertion: await forAws('saml-reader') }))).toEqual({
        code: INVALID_TOKEN, status: 400, message: 'The SAML response is addressed to another Destination.',
      })
    })
  })
})
