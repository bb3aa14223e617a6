// The evaluation examples of AWS's IAM documentation, as a table. Each case names its page under
// https://docs.aws.amazon.com/IAM/latest/UserGuide/ .
import { describe, expect, it } from 'vitest'
import { authorize, type ApplicablePolicies } from '../../../src/policy/authorize.ts'
import { compilePolicy } from '../../../src/policy/compile-policy.ts'
import type { CompiledPolicy } from '../../../src/policy/compiled-policy.ts'
import type { DecisionOutcome } from '../../../src/policy/decision.ts'
import type { PolicyKind } from '../../../src/policy/document.ts'
import { principals, type RequestPrincipal } from '../../../src/policy/request-principal.ts'
import { contextOf } from './context-of.ts'

const A = '111122223333'
const B = '444455556666'
type Json = Record<string, unknown>
const doc = (...Statement: Json[]) => ({ Version: '2012-10-17', Statement })
const policy = (kind: PolicyKind, document: Json, id = kind): CompiledPolicy => compilePolicy(JSON.stringify(document), kind, id)

interface Case {
  readonly name: string
  readonly page: string
  readonly principal: RequestPrincipal
  readonly action: string
  readonly resource: string
  readonly context?: Record<string, string | string[]>
  readonly policies: ApplicablePolicies
  readonly expected: DecisionOutcome
}

const alice = principals.user(A, '/', 'alice')
const bob = principals.user(A, '/', 'bob')
const session = principals.assumedRole(A, '/app/', 'Reader', 'job-1')
const bucket = (key: string) => `arn:aws:s3:::amzn-s3-demo-bucket/${key}`

const cases: Case[] = [
  // --- reference_policies_evaluation-logic_policy-eval-denyallow.html
  {
    name: 'implicit deny without any policy', page: 'reference_policies_evaluation-logic_policy-eval-denyallow',
    principal: alice, action: 's3:GetObject', resource: bucket('a'), policies: { identity: [] }, expected: 'implicitDeny',
  },
  {
    name: 'an explicit Deny overrides an Allow', page: 'reference_policies_evaluation-logic_policy-eval-denyallow',
    principal: alice, action: 's3:DeleteObject', resource: bucket('a'), expected: 'explicitDeny',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }))] },
  },
  {
    name: 'the root user has every permission in its own account', page: 'reference_policies_evaluation-logic_policy-eval-denyallow',
    principal: principals.root(A), action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, policies: { identity: [] }, expected: 'allowed',
  },
  // --- reference_policies_evaluation-logic_policy-eval-basics.html ("Example identity-based and resource-based policy evaluation")
  ...(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] as const).map((action): Case => ({
    name: `Carlos: ${action} (identity allows reads, bucket policy allows writes to his user ARN)`,
    page: 'reference_policies_evaluation-logic_policy-eval-basics',
    principal: principals.user(A, '/', 'carlossalazar'), action, resource: bucket('carlossalazar/log.txt'),
    expected: action === 's3:DeleteObject' ? 'implicitDeny' : 'allowed',
    policies: {
      identity: [policy('identity', doc({ Sid: 'AllowS3ListRead', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListAllMyBuckets'], Resource: '*' }))],
      resource: policy('resource', doc({ Sid: 'AllowS3Write', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/carlossalazar` }, Action: 's3:PutObject', Resource: bucket('*') })),
    },
  })),
  // --- reference_policies_evaluation-logic-cross-account.html
  {
    name: 'cross-account: an identity Allow without a resource policy is not enough', page: 'reference_policies_evaluation-logic-cross-account',
    principal: alice, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:queue`, expected: 'implicitDeny',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }))] },
  },
  {
    name: 'cross-account: a resource policy naming the account plus an identity Allow', page: 'reference_policies_evaluation-logic-cross-account',
    principal: alice, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:queue`, expected: 'allowed',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }))],
      resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sqs:SendMessage', Resource: '*' })),
    },
  },
  {
    name: 'cross-account: a resource policy naming the user still needs the identity side', page: 'reference_policies_evaluation-logic-cross-account',
    principal: alice, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${B}:queue`, expected: 'implicitDeny',
    policies: { identity: [], resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sqs:*', Resource: '*' })) },
  },
  // --- access_policies_boundaries.html
  {
    name: 'a permissions boundary caps identity permissions', page: 'access_policies_boundaries',
    principal: alice, action: 's3:PutObject', resource: bucket('a'), expected: 'implicitDeny',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
      boundary: policy('boundary', doc({ Effect: 'Allow', Action: ['s3:GetObject', 'cloudwatch:*'], Resource: '*' })),
    },
  },
  {
    name: 'within an account a resource policy naming the IAM user is not limited by its boundary', page: 'access_policies_boundaries',
    principal: alice, action: 's3:PutObject', resource: bucket('a'), expected: 'allowed',
    policies: {
      identity: [],
      boundary: policy('boundary', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })),
      resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 's3:PutObject', Resource: '*' })),
    },
  },
  {
    name: "a resource policy naming a session's role is limited by the boundary", page: 'access_policies_boundaries',
    principal: session, action: 's3:PutObject', resource: bucket('a'), expected: 'implicitDeny',
    policies: {
      identity: [],
      boundary: policy('boundary', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })),
      resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: session.parentArn }, Action: 's3:PutObject', Resource: '*' })),
    },
  },
  {
    name: 'a resource policy naming the role session ARN is not limited by the boundary', page: 'access_policies_boundaries',
    principal: session, action: 's3:PutObject', resource: bucket('a'), expected: 'allowed',
    policies: {
      identity: [],
      boundary: policy('boundary', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })),
      resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: session.arn }, Action: 's3:PutObject', Resource: '*' })),
    },
  },
  // --- access_policies.html#policies_session ("Session policies")
  {
    name: 'session policies intersect with the role permissions', page: 'access_policies#policies_session',
    principal: session, action: 's3:PutObject', resource: bucket('a'), expected: 'implicitDeny',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
      session: [policy('session', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))],
    },
  },
  {
    name: 'a session policy cannot grant more than the role', page: 'access_policies#policies_session',
    principal: session, action: 'ec2:RunInstances', resource: '*', expected: 'implicitDeny',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
      session: [policy('session', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))],
    },
  },
  {
    name: 'a resource policy naming the role ARN is limited by the session policy', page: 'access_policies#policies_session',
    principal: session, action: 's3:PutObject', resource: bucket('a'), expected: 'implicitDeny',
    policies: {
      identity: [],
      session: [policy('session', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))],
      resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: session.parentArn }, Action: 's3:*', Resource: '*' })),
    },
  },
  {
    name: 'a resource policy naming the session ARN is not limited by the session policy', page: 'access_policies#policies_session',
    principal: session, action: 's3:PutObject', resource: bucket('a'), expected: 'allowed',
    policies: {
      identity: [],
      session: [policy('session', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }))],
      resource: policy('resource', doc({ Effect: 'Allow', Principal: { AWS: session.arn }, Action: 's3:*', Resource: '*' })),
    },
  },
  {
    name: 'a federated-user session without session policies has no permissions', page: 'id_credentials_temp_control-access_getfederationtoken',
    principal: principals.federatedUser(A, 'jane', alice.arn!), action: 's3:GetObject', resource: bucket('a'), expected: 'implicitDeny',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))], session: [] },
  },
  // --- reference_policies_elements_notaction.html / _notresource.html
  {
    name: 'Allow with NotAction grants everything but the listed service', page: 'reference_policies_elements_notaction',
    principal: alice, action: 's3:GetObject', resource: bucket('a'), expected: 'allowed',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))] },
  },
  {
    name: 'Allow with NotAction does not grant the listed service', page: 'reference_policies_elements_notaction',
    principal: alice, action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, expected: 'implicitDeny',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))] },
  },
  {
    name: 'Deny with NotResource denies everything outside the listed resource', page: 'reference_policies_elements_notresource',
    principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::other-bucket/x', expected: 'explicitDeny',
    policies: { identity: [policy('identity', doc(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] },
    ))] },
  },
  // --- reference_policies_elements_notprincipal.html
  {
    name: 'Deny with NotPrincipal spares a session only when the account, role and session are all listed', page: 'reference_policies_elements_notprincipal',
    principal: session, action: 's3:GetObject', resource: bucket('a'), expected: 'allowed',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
      resource: policy('resource', doc({ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`, session.parentArn, session.arn] }, Action: 's3:*', Resource: '*' })),
    },
  },
  {
    name: 'Deny with NotPrincipal listing only the role still denies its sessions', page: 'reference_policies_elements_notprincipal',
    principal: session, action: 's3:GetObject', resource: bucket('a'), expected: 'explicitDeny',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))],
      resource: policy('resource', doc({ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`, session.parentArn] }, Action: 's3:*', Resource: '*' })),
    },
  },
  // --- reference_policies_variables.html
  ...([[alice, 'alice', 'allowed'], [bob, 'alice', 'implicitDeny']] as const).map(([principal, home, expected]): Case => ({
    name: `\${aws:username} in Resource: ${principal.arn} reads home/${home}/`, page: 'reference_policies_variables',
    principal, action: 's3:GetObject', resource: bucket(`home/${home}/notes.txt`), expected,
    context: { 'aws:username': principal.arn!.split('/').at(-1)! },
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' }))] },
  })),
  {
    name: 'under Version 2008-10-17 a variable is literal text', page: 'reference_policies_variables',
    principal: alice, action: 's3:GetObject', resource: bucket('home/alice/notes.txt'), expected: 'implicitDeny', context: { 'aws:username': 'alice' },
    policies: { identity: [policy('identity', { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' }] })] },
  },
  {
    name: 'a variable that cannot be resolved makes the statement not match', page: 'reference_policies_variables',
    principal: alice, action: 's3:GetObject', resource: bucket('home//notes.txt'), expected: 'implicitDeny',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*' }))] },
  },
  {
    name: 'a variable default applies when the key is missing', page: 'reference_policies_variables',
    principal: alice, action: 's3:GetObject', resource: bucket('teams/company-wide/x'), expected: 'allowed',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::amzn-s3-demo-bucket/teams/${aws:PrincipalTag/team, 'company-wide'}/*" }))] },
  },
  // --- id_credentials_mfa_configure-api-require.html / reference_policies_condition-operators.html (…IfExists)
  ...([[{ 'aws:MultiFactorAuthPresent': 'true' }, 'allowed'], [{}, 'explicitDeny'], [{ 'aws:MultiFactorAuthPresent': 'false' }, 'explicitDeny']] as const)
    .map(([context, expected]): Case => ({
      name: `deny unless MFA (BoolIfExists false): ${JSON.stringify(context)}`, page: 'reference_policies_condition-operators (…IfExists)',
      principal: alice, action: 'ec2:StopInstances', resource: '*', context, expected,
      policies: { identity: [policy('identity', doc(
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
        { Effect: 'Deny', Action: 'ec2:StopInstances', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
      ))] },
    })),
  // --- reference_policies_condition-single-vs-multi-valued-context-keys.html
  ...([[['environment', 'cost-center'], 'allowed'], [['environment', 'owner'], 'implicitDeny'], [[], 'allowed']] as const)
    .map(([tagKeys, expected]): Case => ({
      name: `ForAllValues aws:TagKeys ⊆ {environment, cost-center}: ${JSON.stringify(tagKeys)}`, page: 'reference_policies_condition-single-vs-multi-valued-context-keys',
      principal: alice, action: 'ec2:CreateTags', resource: '*', context: tagKeys.length ? { 'aws:TagKeys': [...tagKeys] } : {}, expected,
      policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } } }))] },
    })),
  ...([[['environment'], 'allowed'], [['owner'], 'implicitDeny'], [[], 'implicitDeny']] as const)
    .map(([tagKeys, expected]): Case => ({
      name: `ForAnyValue aws:TagKeys ∩ {environment}: ${JSON.stringify(tagKeys)}`, page: 'reference_policies_condition-single-vs-multi-valued-context-keys',
      principal: alice, action: 'ec2:CreateTags', resource: '*', context: tagKeys.length ? { 'aws:TagKeys': [...tagKeys] } : {}, expected,
      policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'environment' } } }))] },
    })),
  // --- id_roles_create_for-user.html / reference_policies_elements_principal.html (trust policies)
  {
    name: 'same account: a trust policy naming the account needs an identity Allow', page: 'reference_policies_elements_principal',
    principal: alice, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Admin`, expected: 'implicitDeny',
    policies: { identity: [], resource: policy('trust', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' })) },
  },
  {
    name: 'same account: a trust policy naming the account plus an identity Allow', page: 'reference_policies_elements_principal',
    principal: alice, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Admin`, expected: 'allowed',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/Admin` }))],
      resource: policy('trust', doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' })),
    },
  },
  {
    name: 'same account: a trust policy naming the user allows without an identity policy', page: 'reference_policies_elements_principal',
    principal: alice, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Admin`, expected: 'allowed',
    policies: { identity: [], resource: policy('trust', doc({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' })) },
  },
  {
    name: 'cross account: the trust policy names the account and the identity policy allows', page: 'id_roles_common-scenarios_aws-accounts',
    principal: principals.user(B, '/', 'dev'), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Admin`, expected: 'allowed',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/*` }))],
      resource: policy('trust', doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unique ID' } } })),
    },
    context: { 'sts:ExternalId': 'Unique ID' },
  },
  {
    name: 'cross account: a wrong external id', page: 'id_roles_create_for-user_externalid',
    principal: principals.user(B, '/', 'dev'), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/Admin`, expected: 'implicitDeny',
    policies: {
      identity: [policy('identity', doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }))],
      resource: policy('trust', doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unique ID' } } })),
    },
    context: { 'sts:ExternalId': 'guess' },
  },
  // --- id_roles_providers_create_for-idp_saml.html / id_roles_providers_oidc.html
  ...([['https://signin.aws.amazon.com/saml', 'allowed'], ['https://evil.example/acs', 'implicitDeny']] as const).map(([aud, expected]): Case => ({
    name: `SAML trust with saml:aud = ${aud}`, page: 'id_roles_create_for-idp_saml',
    principal: principals.saml(`arn:aws:iam::${A}:saml-provider/Corp`), action: 'sts:AssumeRoleWithSAML', resource: `arn:aws:iam::${A}:role/Federated`,
    context: { 'saml:aud': aud }, expected,
    policies: { identity: [], resource: policy('trust', doc({ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:saml-provider/Corp` }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } })) },
  })),
  ...([['repo:octo-org/octo-repo:ref:refs/heads/main', 'allowed'], ['repo:octo-org/other:ref:refs/heads/main', 'implicitDeny']] as const).map(([sub, expected]): Case => ({
    name: `OIDC trust for GitHub Actions, sub = ${sub}`, page: 'id_roles_create_for-idp_oidc',
    principal: principals.webIdentity(`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`), action: 'sts:AssumeRoleWithWebIdentity',
    resource: `arn:aws:iam::${A}:role/Deploy`, expected,
    context: { 'token.actions.githubusercontent.com:sub': sub, 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
    policies: { identity: [], resource: policy('trust', doc({
      Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com` }, Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' }, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*' } },
    })) },
  })),
  {
    name: 'a federated caller is never allowed by an account principal', page: 'reference_policies_elements_principal',
    principal: principals.webIdentity(`arn:aws:iam::${A}:oidc-provider/idp.example.com`), action: 'sts:AssumeRoleWithWebIdentity',
    resource: `arn:aws:iam::${A}:role/Deploy`, expected: 'implicitDeny',
    policies: { identity: [], resource: policy('trust', doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRoleWithWebIdentity' })) },
  },
  // --- reference_policies_elements_resource.html (wildcards do not cross ARN segments)
  ...([[`arn:aws:iam::${A}:role/Admin`, 'allowed'], [`arn:aws:iam::${B}:role/Admin`, 'implicitDeny'], [`arn:aws:iam::${A}:user/role/Admin`, 'implicitDeny']] as const)
    .map(([resource, expected]): Case => ({
      name: `Resource arn:aws:iam::${A}:role/* against ${resource}`, page: 'reference_policies_elements_resource',
      principal: alice, action: 'iam:GetRole', resource, expected,
      policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${A}:role/*` }))] },
    })),
  {
    name: 'a wildcard in the account segment does not reach into the resource segment', page: 'reference_policies_elements_resource',
    principal: alice, action: 'iam:GetRole', resource: `arn:aws:iam::${A}:role/Admin`, expected: 'implicitDeny',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam::1111*Admin:role/x' }))] },
  },
  ...([['arn:aws:ec2:*', `arn:aws:ec2:us-east-1:${A}:instance/i-1`, 'allowed'], ['arn:aws:ec2:us-*', `arn:aws:ec2:us-east-1:${A}:instance/i-1`, 'allowed'],
    ['arn:aws:ec2:eu-*', `arn:aws:ec2:us-east-1:${A}:instance/i-1`, 'implicitDeny'], ['arn:aws:ec2:*', `arn:aws:s3:::b/x`, 'implicitDeny']] as const)
    .map(([pattern, resource, expected]): Case => ({
      name: `a * ending a short ARN pattern matches beyond colons: ${pattern} against ${resource}`, page: 'reference_policies_elements_resource',
      principal: alice, action: 'ec2:StartInstances', resource, expected,
      policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'ec2:StartInstances', Resource: pattern }))] },
    })),
  {
    name: 'actions match case-insensitively, with wildcards', page: 'reference_policies_elements_action',
    principal: alice, action: 'IAM:getRole', resource: '*', expected: 'allowed',
    policies: { identity: [policy('identity', doc({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }))] },
  },
]

describe("AWS's documented policy evaluation examples", () => {
  it.each(cases)('$name ($page)', (example) => {
    const decision = authorize(
      { principal: example.principal, action: example.action, resource: example.resource, context: contextOf(example.context ?? {}) },
      example.policies,
    )
    expect(decision.outcome, decision.reason).toBe(example.expected)
  })
})
