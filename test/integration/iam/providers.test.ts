import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AddClientIDToOpenIDConnectProviderCommand, CreateOpenIDConnectProviderCommand, CreateSAMLProviderCommand, DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand, GetOpenIDConnectProviderCommand, GetSAMLProviderCommand, ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand, ListSAMLProvidersCommand, ListSAMLProviderTagsCommand, RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand, TagSAMLProviderCommand, UntagOpenIDConnectProviderCommand, UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand, UpdateSAMLProviderCommand, type IAMClient,
} from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { failed, pythonClients, succeeded } from '../../support/python-clients.ts'
import { iamClient, sdkError } from '../../support/iam-client.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// The SAML and OpenID Connect provider actions with the unmodified @aws-sdk/client-iam against
// the real server. AWS's answers quoted here were observed on AWS (see docs/iam.md).

/** A self-signed certificate (base64 DER) made by openssl, as an IdP's signing certificate. */
function signingCertificate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stsgate-idp-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=idp', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    return readFileSync(join(dir, 'cert.pem'), 'utf8').replace(/-----[A-Z ]+-----|\s+/g, '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** SAML 2.0 IdP metadata with one signing certificate. */
function idpMetadata(certificate: string, entityId: string, validUntil?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"${validUntil ? ` validUntil="${validUntil}"` : ''}>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate.replace(/(.{64})/g, '$1\n')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`
}

const OPS = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'opsSecretKey0123456789+ABCDEFGHIJKLMNOPQ' }
const samlArn = (name: string) => `arn:aws:iam::${ACCOUNT}:saml-provider/${name}`
const oidcArn = (hostPath: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${hostPath}`
const THUMB = 'a'.repeat(40)

const config = (certificate: string) => `
accounts:
  - id: "${ACCOUNT}"
    users:
      - name: ops
        accessKeys: [{ id: ${OPS.accessKeyId}, secret: "${OPS.secretAccessKey}" }]
        inlinePolicies:
          - name: providers
            document:
              Version: "2012-10-17"
              Statement:
                - { Effect: Allow, Action: ["iam:ListOpenIDConnectProviders", "iam:ListSAMLProviders"], Resource: "*" }
                - { Effect: Allow, Action: "iam:*", Resource: "${oidcArn('ops.example.com')}" }
    samlProviders:
      - name: declared
        metadata: |
${idpMetadata(certificate, 'https://declared.example.com/metadata', '2036-01-01T00:00:00Z').replace(/^/gm, '          ')}
    oidcProviders:
      - url: https://declared.example.com
        clientIds: [stsgate]
        thumbprints: ["${THUMB}"]
`

describe(`SAML and OIDC providers with @aws-sdk/client-iam and boto3 on ${backend}`, () => {
  let server: StsTestServer
  let iam: IAMClient
  let certificate: string
  let metadata: string
  beforeAll(async () => {
    certificate = signingCertificate()
    metadata = idpMetadata(certificate, 'https://idp.example.com/metadata', '2031-05-01T00:00:00Z')
    server = await startStsTestServer(config(certificate))
    iam = iamClient(server.url)
  })
  afterAll(() => server?.close())

  it('creates, reads, lists, updates, tags and deletes a SAML provider', async () => {
    const created = await iam.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata, Tags: [{ Key: 'team', Value: 'sec' }] }))
    expect(created.SAMLProviderArn).toBe(samlArn('Okta'))
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'sec' }])

    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta') }))
    expect(got).toMatchObject({
      SAMLMetadataDocument: metadata, ValidUntil: new Date('2031-05-01T00:00:00Z'), Tags: [{ Key: 'team', Value: 'sec' }],
      AssertionEncryptionMode: 'Allowed', PrivateKeyList: [],
    })
    expect(got.SAMLProviderUUID).toMatch(/^[A-Z0-9]{22,64}$/)
    expect(Math.abs(got.CreateDate!.getTime() - Date.now())).toBeLessThan(60_000)

    const listed = await iam.send(new ListSAMLProvidersCommand({}))
    // In ARN order, byte by byte.
    expect(listed.SAMLProviderList!.map((p) => p.Arn)).toEqual([samlArn('Okta'), samlArn('declared')])
    expect(listed.SAMLProviderList![0]).toEqual({ Arn: samlArn('Okta'), ValidUntil: new Date('2031-05-01T00:00:00Z'), CreateDate: got.CreateDate })

    // New metadata without validUntil: valid for a century, as on AWS.
    const renewed = idpMetadata(signingCertificate(), 'https://idp.example.com/v2')
    const updated = await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta'), SAMLMetadataDocument: renewed }))
    expect(updated.SAMLProviderArn).toBe(samlArn('Okta'))
    const after = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta') }))
    expect(after.SAMLMetadataDocument).toBe(renewed)
    expect(after.ValidUntil!.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 100)
    expect(after.SAMLProviderUUID).toBe(got.SAMLProviderUUID)

    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta'), Tags: [{ Key: 'b', Value: '2' }, { Key: 'TEAM', Value: 'ops' }, { Key: 'a', Value: '1' }] }))
    await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta'), TagKeys: ['b', 'unknown'] }))
    const first = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: samlArn('Okta'), MaxItems: 1 }))
    expect(first).toMatchObject({ Tags: [{ Key: 'TEAM', Value: 'ops' }], IsTruncated: true })
    const rest = await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: samlArn('Okta'), Marker: first.Marker }))
    expect(rest).toMatchObject({ Tags: [{ Key: 'a', Value: '1' }], IsTruncated: false })
    expect(rest.Marker).toBeUndefined()

    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta') }))
    for (const command of [new GetSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta') }), new DeleteSAMLProviderCommand({ SAMLProviderArn: samlArn('Okta') })]) {
      expect(await sdkError(iam.send(command as GetSAMLProviderCommand))).toEqual({
        code: 'NoSuchEntityException', status: 404, message: `Manifest not found for arn ${samlArn('Okta')}`,
      })
    }
  })

  it('reads the providers stsgate apply declared', async () => {
    const saml = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: samlArn('declared') }))
    expect(saml.ValidUntil).toEqual(new Date('2036-01-01T00:00:00Z'))
    expect(saml.Tags).toEqual([])
    const oidc = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn('declared.example.com') }))
    expect(oidc).toMatchObject({ Url: 'declared.example.com', ClientIDList: ['stsgate'], ThumbprintList: [THUMB], Tags: [] })
  })

  it('refuses bad SAML input in AWS words', async () => {
    await iam.send(new CreateSAMLProviderCommand({ Name: 'dup', SAMLMetadataDocument: metadata }))
    expect(await sdkError(iam.send(new CreateSAMLProviderCommand({ Name: 'DUP', SAMLMetadataDocument: metadata })))).toEqual({
      code: 'EntityAlreadyExistsException', status: 409, message: 'Provider with name DUP already exists.',
    })
    const notMetadata = `<html>${'x'.repeat(1200)}</html>`
    const noCertificate = metadata.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '').padEnd(1200, ' ')
    for (const document of [notMetadata, noCertificate, `not xml ${'<'.repeat(1200)}`]) {
      expect(await sdkError(iam.send(new CreateSAMLProviderCommand({ Name: 'bad', SAMLMetadataDocument: document })))).toEqual({
        code: 'InvalidInputException', status: 400, message: 'Could not parse metadata',
      })
    }
    expect(await sdkError(iam.send(new CreateSAMLProviderCommand({ Name: 'bad name!', SAMLMetadataDocument: 'short' })))).toEqual({
      code: 'ValidationError', status: 400,
      message: "2 validation errors detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w._-]+; " +
        "Value at 'sAMLMetadataDocument' failed to satisfy constraint: Member must have length greater than or equal to 1000",
    })
    expect(await sdkError(iam.send(new CreateSAMLProviderCommand({ Name: 'enc', SAMLMetadataDocument: metadata, AssertionEncryptionMode: 'Required' })))).toEqual({
      code: 'InvalidInputException', status: 400,
      message: 'stsgate does not decrypt SAML assertions and keeps no private keys: AssertionEncryptionMode Required is not supported.',
    })
    expect((await sdkError(iam.send(new CreateSAMLProviderCommand({ Name: 'enc', SAMLMetadataDocument: metadata, AddPrivateKey: '-----BEGIN PRIVATE KEY-----' })))).message)
      .toBe('stsgate does not decrypt SAML assertions and keeps no private keys: AddPrivateKey is not supported.')
    // "Allowed" is what stsgate does anyway.
    await iam.send(new CreateSAMLProviderCommand({ Name: 'allowed', SAMLMetadataDocument: metadata, AssertionEncryptionMode: 'Allowed' }))
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: samlArn('allowed') }))

    expect(await sdkError(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'not-an-arn-of-any-kind' })))).toEqual({
      code: 'InvalidInputException', status: 400, message: 'ARN not-an-arn-of-any-kind is not valid.',
    })
    for (const arn of [oidcArn('dup'), `arn:aws:iam::${ACCOUNT}:role/dup`]) {
      expect(await sdkError(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: metadata })))).toEqual({
        code: 'NoSuchEntityException', status: 404, message: `Manifest not found for arn ${arn}`,
      })
    }
    expect(await sdkError(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: samlArn('dup'), SAMLMetadataDocument: notMetadata })))).toMatchObject({
      code: 'InvalidInputException', message: 'Could not parse metadata',
    })
    // Another account's provider: the root user of this one may not touch it.
    expect((await sdkError(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'arn:aws:iam::210987654321:saml-provider/dup' })))).code)
      .toBe('AccessDenied')

    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: samlArn('dup'), Tags: fifty }))
    expect(await sdkError(iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: samlArn('dup'), Tags: [{ Key: 'one-more', Value: '' }] })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'The number of tags has reached the maximum limit.',
    })
    // Re-tagging existing keys (case-insensitive) stays within the quota.
    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: samlArn('dup'), Tags: [{ Key: 'K1', Value: 'w' }] }))
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: samlArn('dup') }))
  })

  it('creates, reads, changes, tags and deletes an OIDC provider', async () => {
    const url = 'https://token.example.com/tenant'
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['app', 'app', 'cli'], ThumbprintList: [THUMB] }))
    const arn = oidcArn('token.example.com/tenant')
    expect(created.OpenIDConnectProviderArn).toBe(arn)
    expect(created.Tags).toBeUndefined()

    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
    expect(got).toMatchObject({ Url: 'token.example.com/tenant', ClientIDList: ['app', 'cli'], ThumbprintList: [THUMB], Tags: [] })
    expect(Math.abs(got.CreateDate!.getTime() - Date.now())).toBeLessThan(60_000)

    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}))
    expect(listed.OpenIDConnectProviderList).toEqual([{ Arn: oidcArn('declared.example.com') }, { Arn: arn }])

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'web' }))
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'web' }))
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app' }))
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-added' }))
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['c'.repeat(40), 'd'.repeat(40)] }))
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'k2', Value: 'v2' }, { Key: 'k1', Value: 'v1' }] }))
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['K2'] }))
    expect(await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).toMatchObject({
      ClientIDList: ['cli', 'web'], ThumbprintList: ['c'.repeat(40), 'd'.repeat(40)], Tags: [{ Key: 'k1', Value: 'v1' }],
    })
    expect(await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).toMatchObject({ Tags: [{ Key: 'k1', Value: 'v1' }], IsTruncated: false })

    expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: url })))).toEqual({
      code: 'EntityAlreadyExistsException', status: 409, message: 'Provider with url https://token.example.com/tenant already exists.',
    })
    // The URL differs only in its trailing slash: another provider id, so another ARN and provider
    // (AWS keeps the slash: an Auth0 issuer `https://tenant.auth0.com/` is `oidc-provider/tenant.auth0.com/`).
    const slashed = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/tenant/' }))
    expect(slashed.OpenIDConnectProviderArn).toBe(oidcArn('token.example.com/tenant/'))
    expect(await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: slashed.OpenIDConnectProviderArn }))).toMatchObject({
      Url: 'token.example.com/tenant/', ClientIDList: [], ThumbprintList: [],
    })
    expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/tenant/' })))).toEqual({
      code: 'EntityAlreadyExistsException', status: 409, message: 'Provider with url https://token.example.com/tenant/ already exists.',
    })
    expect((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([
      { Arn: oidcArn('declared.example.com') }, { Arn: arn }, { Arn: oidcArn('token.example.com/tenant/') },
    ])
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: slashed.OpenIDConnectProviderArn }))

    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
    expect(await sdkError(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })))).toEqual({
      code: 'NoSuchEntityException', status: 404, message: `OpenId connect Provider ${arn} cannot be found.`,
    })
    const notFound = { code: 'NoSuchEntityException', status: 404, message: `OpenIDConnect Provider not found for arn ${arn}` }
    expect(await sdkError(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })))).toEqual(notFound)
    expect(await sdkError(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' })))).toEqual(notFound)
    expect(await sdkError(iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn })))).toEqual(notFound)
  })

  it('refuses bad OIDC input in AWS words', async () => {
    const create = (input: ConstructorParameters<typeof CreateOpenIDConnectProviderCommand>[0]) => sdkError(iam.send(new CreateOpenIDConnectProviderCommand(input)))
    expect(await create({ Url: 'example.org', ThumbprintList: [THUMB] })).toEqual({
      code: 'ValidationError', status: 400, message: 'Invalid Open ID Connect Provider URL',
    })
    expect(await create({ Url: 'http://example.org' })).toEqual({
      code: 'InvalidInputException', status: 400, message: 'Invalid Open ID Connect Provider URL. The URL must begin with https://.',
    })
    expect((await create({ Url: 'https://example.org/?tenant=1' })).message).toBe('Invalid Open ID Connect Provider URL.')
    expect(await create({ Url: 'https://six.example.org', ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(40)) })).toEqual({
      code: 'InvalidInputException', status: 400, message: 'Thumbprint list must contain fewer than 5 entries.',
    })
    expect(await create({ Url: 'https://many.example.org', ClientIDList: Array.from({ length: 101 }, (_, i) => `${i}`) })).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    })
    expect(await create({ Url: 'b'.repeat(256), ThumbprintList: ['b'.repeat(41)], ClientIDList: ['b'.repeat(256)] })).toEqual({
      code: 'ValidationError', status: 400,
      message: "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; ' +
        "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; ' +
        "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
    })

    const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://full.example.org', ClientIDList: Array.from({ length: 100 }, (_, i) => `c${i}`) })))
      .OpenIDConnectProviderArn!
    expect(await sdkError(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'one-more' })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    })
    // Already there: idempotent, no quota check.
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'c7' }))
    expect(await sdkError(iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: Array(6).fill(THUMB) })))).toEqual({
      code: 'InvalidInputException', status: 400, message: 'Thumbprint list must contain fewer than 5 entries.',
    })
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [] }))
    expect((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ThumbprintList).toEqual([])
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: fifty }))
    expect(await sdkError(iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'string', Value: 'string' }] })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'The number of tags has reached the maximum limit.',
    })
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
  })

  it('authorizes each action on the provider ARN (List on *) with the caller\'s policies', async () => {
    const ops = iamClient(server.url, OPS)
    const arn = (await ops.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://ops.example.com', ClientIDList: ['ops'] }))).OpenIDConnectProviderArn!
    expect(arn).toBe(oidcArn('ops.example.com'))
    await ops.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'a', Value: 'b' }] }))
    expect((await ops.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toContainEqual({ Arn: arn })
    const denied = await sdkError(ops.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn('declared.example.com') })))
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(denied.message).toMatch(new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/ops is not authorized to perform: iam:GetOpenIDConnectProvider ` +
      `on resource: ${oidcArn('declared.example.com').replace(/[.]/g, '\\.')}. Encoded authorization failure message: `))
    expect((await sdkError(ops.send(new CreateSAMLProviderCommand({ Name: 'ops', SAMLMetadataDocument: metadata })))).message)
      .toContain(`iam:CreateSAMLProvider on resource: ${samlArn('ops')}`)
    await ops.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))
  })

  it('serves every provider action to boto3, errors included', async () => {
    const python = await pythonClients(server.url)
    try {
      const call = (operation: string, params: Record<string, unknown>, validate = true) => ({ service: 'iam' as const, operation, params, credentials: ROOT, validate })
      const saml = { SAMLProviderArn: samlArn('boto') }
      const oidc = { OpenIDConnectProviderArn: oidcArn('boto.example.com/id/7') }
      const outcomes = await python.boto3([
        call('create_saml_provider', { Name: 'boto', SAMLMetadataDocument: metadata, Tags: [{ Key: 'k', Value: 'v' }] }),
        call('get_saml_provider', saml),
        call('list_saml_providers', {}),
        call('update_saml_provider', { ...saml, SAMLMetadataDocument: metadata.replace('idp.example.com/metadata', 'idp.example.com/boto') }),
        call('tag_saml_provider', { ...saml, Tags: [{ Key: 'z', Value: '' }] }),
        call('list_saml_provider_tags', saml),
        call('untag_saml_provider', { ...saml, TagKeys: ['k'] }),
        call('delete_saml_provider', saml),
        call('get_saml_provider', saml),
        call('create_saml_provider', { Name: 'boto', SAMLMetadataDocument: `<x>${' '.repeat(1000)}</x>` }),
        call('create_saml_provider', { Name: 'boto', SAMLMetadataDocument: 'short' }, false),
        // 10
        call('create_open_id_connect_provider', { Url: 'https://boto.example.com/id/7', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB], Tags: [{ Key: 'k', Value: 'v' }] }),
        call('get_open_id_connect_provider', oidc),
        call('list_open_id_connect_providers', {}),
        call('add_client_id_to_open_id_connect_provider', { ...oidc, ClientID: 'web' }),
        call('remove_client_id_from_open_id_connect_provider', { ...oidc, ClientID: 'sts.amazonaws.com' }),
        call('update_open_id_connect_provider_thumbprint', { ...oidc, ThumbprintList: [] }),
        call('tag_open_id_connect_provider', { ...oidc, Tags: [{ Key: 'a', Value: 'b' }] }),
        call('untag_open_id_connect_provider', { ...oidc, TagKeys: ['k'] }),
        call('list_open_id_connect_provider_tags', { ...oidc, MaxItems: 1 }),
        call('get_open_id_connect_provider', oidc),
        // 20
        call('delete_open_id_connect_provider', oidc),
        call('delete_open_id_connect_provider', oidc),
        call('create_open_id_connect_provider', { Url: 'http://boto.example.com' }),
        call('create_open_id_connect_provider', { Url: 'https://declared.example.com' }),
        call('update_open_id_connect_provider_thumbprint', { ...oidc }, false),
      ])
      expect(succeeded(outcomes[0])).toEqual({ SAMLProviderArn: samlArn('boto'), Tags: [{ Key: 'k', Value: 'v' }] })
      expect(succeeded(outcomes[1])).toMatchObject({ SAMLMetadataDocument: metadata, Tags: [{ Key: 'k', Value: 'v' }], AssertionEncryptionMode: 'Allowed', PrivateKeyList: [] })
      expect(succeeded(outcomes[2]).SAMLProviderList).toContainEqual(expect.objectContaining({ Arn: samlArn('boto') }))
      expect(succeeded(outcomes[3])).toEqual({ SAMLProviderArn: samlArn('boto') })
      expect(succeeded(outcomes[5])).toEqual({ Tags: [{ Key: 'k', Value: 'v' }, { Key: 'z', Value: '' }], IsTruncated: false })
      for (const i of [4, 6, 7]) expect(succeeded(outcomes[i])).toEqual({})
      expect(failed(outcomes[8])).toEqual({ code: 'NoSuchEntity', status: 404, message: `Manifest not found for arn ${samlArn('boto')}` })
      expect(failed(outcomes[9])).toEqual({ code: 'InvalidInput', status: 400, message: 'Could not parse metadata' })
      expect(failed(outcomes[10])).toEqual({
        code: 'ValidationError', status: 400,
        message: "1 validation error detected: Value at 'sAMLMetadataDocument' failed to satisfy constraint: Member must have length greater than or equal to 1000",
      })

      expect(succeeded(outcomes[11])).toEqual({ OpenIDConnectProviderArn: oidc.OpenIDConnectProviderArn, Tags: [{ Key: 'k', Value: 'v' }] })
      expect(succeeded(outcomes[12])).toMatchObject({ Url: 'boto.example.com/id/7', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB], Tags: [{ Key: 'k', Value: 'v' }] })
      expect(succeeded(outcomes[13]).OpenIDConnectProviderList).toContainEqual({ Arn: oidc.OpenIDConnectProviderArn })
      for (const i of [14, 15, 16, 17, 18, 21]) expect(succeeded(outcomes[i])).toEqual({})
      expect(succeeded(outcomes[19])).toEqual({ Tags: [{ Key: 'a', Value: 'b' }], IsTruncated: false })
      expect(succeeded(outcomes[20])).toMatchObject({ ClientIDList: ['web'], ThumbprintList: [], Tags: [{ Key: 'a', Value: 'b' }] })
      expect(failed(outcomes[22])).toEqual({ code: 'NoSuchEntity', status: 404, message: `OpenId connect Provider ${oidc.OpenIDConnectProviderArn} cannot be found.` })
      expect(failed(outcomes[23])).toEqual({ code: 'InvalidInput', status: 400, message: 'Invalid Open ID Connect Provider URL. The URL must begin with https://.' })
      expect(failed(outcomes[24])).toEqual({ code: 'EntityAlreadyExists', status: 409, message: 'Provider with url https://declared.example.com already exists.' })
      expect(failed(outcomes[25])).toEqual({
        code: 'ValidationError', status: 400, message: "1 validation error detected: Value null at 'thumbprintList' failed to satisfy constraint: Member must not be null",
      })
    } finally {
      await python.close()
    }
  })

  it('enforces 100 providers of each kind per account, and a lost race is EntityAlreadyExists', async () => {
    // Most of the quota is filled with the rows stsgate apply would write; the last five of each
    // kind are created concurrently through the API.
    const { prisma } = server.database.db
    const existingSaml = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!.length
    const existingOidc = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.length
    await prisma.samlProvider.createMany({
      data: Array.from({ length: 95 - existingSaml }, (_, i) => ({
        arn: samlArn(`seeded${i}`), accountId: ACCOUNT, name: `seeded${i}`, metadataXml: metadata, entityId: 'https://idp.example.com/metadata',
        signingCertificates: [certificate], validUntil: new Date('2031-05-01T00:00:00Z'),
      })),
    })
    await prisma.oidcProvider.createMany({
      data: Array.from({ length: 95 - existingOidc }, (_, i) => ({ arn: oidcArn(`seeded${i}.example.org`), accountId: ACCOUNT, url: `https://seeded${i}.example.org`, clientIds: [], thumbprints: [] })),
    })
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => iam.send(new CreateSAMLProviderCommand({ Name: `q${i}`, SAMLMetadataDocument: metadata }))),
      ...Array.from({ length: 5 }, (_, i) => iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://q${i}.example.org` }))),
    ])
    expect(await sdkError(iam.send(new CreateSAMLProviderCommand({ Name: 'over', SAMLMetadataDocument: metadata })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for SAMLProvidersPerAccount: 100',
    })
    expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://over.example.org' })))).toEqual({
      code: 'LimitExceededException', status: 409, message: 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100',
    })
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: samlArn('q0') }))
    const racing = await Promise.allSettled([0, 1, 2].map(() => iam.send(new CreateSAMLProviderCommand({ Name: 'race', SAMLMetadataDocument: metadata }))))
    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of racing.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
      expect((outcome.reason as Error).name).toBe('EntityAlreadyExistsException')
    }
  })
})
