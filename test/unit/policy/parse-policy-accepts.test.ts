import { describe, expect, it } from 'vitest'
import type { PolicyDocument, PolicyKind, Statement } from '../../../src/policy/document.ts'
import { validatePolicyDocument } from '../../../src/policy/parse-policy.ts'

// Documents AWS publishes, accepted and normalised: lists everywhere, a lone statement as
// statement 0, condition values as strings. Each case names its page under
// https://docs.aws.amazon.com/IAM/latest/UserGuide/ .

function parsed(document: unknown, kind: PolicyKind): PolicyDocument {
  const result = validatePolicyDocument(typeof document === 'string' ? document : JSON.stringify(document), kind)
  if ('issues' in result) throw new Error(`refused: ${JSON.stringify(result.issues)}`)
  return result.document
}

/** A statement with every optional part absent, for toEqual. */
const statement = (index: number, fields: Partial<Statement>): Statement => ({
  index, sid: undefined, effect: 'Allow', principal: undefined, notPrincipal: undefined, action: undefined,
  notAction: undefined, resource: undefined, notResource: undefined, conditions: [], ...fields,
})

describe('AWS documented policies, normalised', () => {
  it('reference_policies_elements_version: the smallest current policy', () => {
    const text = '{ "Version":"2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" } ] }'
    expect(parsed(text, 'identity')).toEqual({
      version: '2012-10-17', id: undefined,
      statements: [statement(0, { action: ['s3:ListAllMyBuckets'], resource: ['*'] })],
    })
  })

  it('reference_policies_examples_aws_my-sec-creds-self-manage: MFA-authenticated users manage their own credentials', () => {
    const own = 'arn:aws:iam::*:user/${aws:username}'
    const document = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:ListVirtualMFADevices'], Resource: '*' },
        { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: own },
        { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: own },
        { Sid: 'AllowManageOwnSigningCertificates', Effect: 'Allow', Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'], Resource: own },
        { Sid: 'AllowManageOwnSSHPublicKeys', Effect: 'Allow', Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'], Resource: own },
        { Sid: 'AllowManageOwnGitCredentials', Effect: 'Allow', Action: ['iam:CreateServiceSpecificCredential', 'iam:DeleteServiceSpecificCredential', 'iam:ListServiceSpecificCredentials', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential'], Resource: own },
        { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/${aws:username}' },
        { Sid: 'AllowManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: own },
        {
          Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny',
          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    }
    const result = parsed(JSON.stringify(document, null, 4), 'identity')
    expect(result.statements.map((s) => s.sid)).toEqual(document.Statement.map((s) => s.Sid))
    expect(result.statements[1]).toEqual(statement(1, { sid: 'AllowManageOwnPasswords', action: ['iam:ChangePassword', 'iam:GetUser'], resource: [own] }))
    expect(result.statements[8]).toEqual(statement(8, {
      sid: 'DenyAllExceptListedIfNoMFA', effect: 'Deny', notAction: document.Statement[8]!.NotAction, resource: ['*'],
      conditions: [{ operator: 'BoolIfExists', baseOperator: 'Bool', setQualifier: undefined, ifExists: true, key: 'aws:MultiFactorAuthPresent', values: ['false'] }],
    }))
  })

  it('id_roles_create_for-idp_saml: a SAML trust policy with a lone statement object', () => {
    const document = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML',
        Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/PROVIDER-NAME' },
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      },
    }
    expect(parsed(document, 'trust').statements).toEqual([statement(0, {
      principal: { Federated: ['arn:aws:iam::111122223333:saml-provider/PROVIDER-NAME'] },
      action: ['sts:AssumeRoleWithSAML'],
      conditions: [{ operator: 'StringEquals', baseOperator: 'StringEquals', setQualifier: undefined, ifExists: false, key: 'SAML:aud', values: ['https://signin.aws.amazon.com/saml'] }],
    })])
  })

  it('reference_policies_elements_principal: accounts by ARN and by id, canonical users, services, web identity providers', () => {
    const bucketPolicy = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
        Principal: { AWS: ['arn:aws:iam::123456789012:root', '999999999999'], CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
      },
    }
    expect(parsed(bucketPolicy, 'resource').statements[0]?.principal).toEqual({
      AWS: ['arn:aws:iam::123456789012:root', '999999999999'],
      CanonicalUser: ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'],
    })
    const principals = [
      { Service: ['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com'] },
      { Federated: 'cognito-identity.amazonaws.com' }, { Federated: 'www.amazon.com' }, { Federated: 'graph.facebook.com' }, { Federated: 'accounts.google.com' },
      { AWS: 'arn:aws:iam::123456789012:role/role-name' }, { AWS: 'arn:aws:iam::123456789012:user/division/team/user-name' },
      { AWS: 'arn:aws:sts::123456789012:assumed-role/role-name/role-session-name' }, { AWS: 'arn:aws:sts::123456789012:federated-user/user-name' },
      { AWS: '*' }, '*',
    ]
    for (const Principal of principals) {
      expect(parsed({ Statement: { Effect: 'Allow', Principal, Action: 'sts:AssumeRoleWithWebIdentity' } }, 'trust').statements[0]?.principal)
        .toEqual(typeof Principal === 'string' ? Principal : Object.fromEntries(Object.entries(Principal).map(([type, v]) => [type, [v].flat()])))
    }
  })

  it('reference_policies_elements_notprincipal: Deny to all but a role session, its role and its account', () => {
    const notPrincipal = {
      AWS: [
        'arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app',
        'arn:aws:iam::444455556666:role/cross-account-read-only-role',
        'arn:aws:iam::444455556666:root',
      ],
    }
    const document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', NotPrincipal: notPrincipal, Action: 's3:*', Resource: ['arn:aws:s3:::Bucket_AccountAudit', 'arn:aws:s3:::Bucket_AccountAudit/*'] }],
    }
    expect(parsed(document, 'resource').statements).toEqual([statement(0, {
      effect: 'Deny', notPrincipal, action: ['s3:*'], resource: ['arn:aws:s3:::Bucket_AccountAudit', 'arn:aws:s3:::Bucket_AccountAudit/*'],
    })])
  })

  it('reference_policies_elements_notprincipal: NotPrincipal "in the trust policies for IAM roles" too', () => {
    const document = { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: '*' },
    ] }
    expect(parsed(document, 'trust').statements).toEqual([
      statement(0, { principal: '*', action: ['sts:AssumeRole'] }),
      statement(1, { effect: 'Deny', notPrincipal: { AWS: ['111122223333'] }, action: ['*'] }),
    ])
  })

  it('reference_policies_grammar: a policy without Version is 2008-10-17; Id is kept; blocks in any order', () => {
    const document = { Statement: [{ Resource: 'arn:aws:s3:::examplebucket/*', Action: ['s3:Get*', 's3:List*'], Effect: 'Allow', Sid: '1' }], Id: 'cd3ad3d9-2776-4ef1-a904-4c229d1642ee' }
    expect(parsed(document, 'identity')).toEqual({
      version: '2008-10-17', id: 'cd3ad3d9-2776-4ef1-a904-4c229d1642ee',
      statements: [statement(0, { sid: '1', action: ['s3:Get*', 's3:List*'], resource: ['arn:aws:s3:::examplebucket/*'] })],
    })
  })

  it('the same documents pass as every identity-like kind (session policy, permissions boundary)', () => {
    const document = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: 'arn:aws:iam::*:user/${aws:username}' } }
    for (const kind of ['identity', 'session', 'boundary'] as const) expect(parsed(document, kind).statements).toHaveLength(1)
  })

  it('empty Sids, common in generated trust policies, are neither invalid nor duplicates', () => {
    const statementWithEmptySid = { Sid: '', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
    expect(parsed({ Version: '2012-10-17', Statement: [statementWithEmptySid, statementWithEmptySid] }, 'trust').statements.map((s) => s.sid)).toEqual(['', ''])
  })
})
