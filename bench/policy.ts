// Decisions per second of the policy engine, single-threaded, median of five rounds of 200,000
// (issue target: ≥ 500,000/s for (a)).
import { authorize, type ApplicablePolicies, type AuthorizationRequest } from '../src/policy/authorize.ts'
import { compilePolicy } from '../src/policy/compile-policy.ts'
import { RequestContextBuilder } from '../src/policy/context-builder.ts'
import { principals } from '../src/policy/request-principal.ts'
import { row } from './table.ts'

const ACCOUNT = '111122223333'
const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket'

// Ten statements in the shapes real identity policies have: wildcards, variables, NotAction,
// Deny guards, and conditions of several operator families.
const tenStatements = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ListOwnPrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*', 'home/'] } } },
    { Sid: 'OwnHome', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${BUCKET}/home/\${aws:username}/*` },
    { Sid: 'TeamShare', Effect: 'Allow', Action: 's3:Get*', Resource: `${BUCKET}/teams/\${aws:PrincipalTag/team, 'none'}/*`, Condition: { StringEquals: { 'aws:PrincipalTag/department': 'engineering' } } },
    { Sid: 'OfficeNetwork', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } } },
    { Sid: 'NotIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: `arn:aws:logs:*:${ACCOUNT}:log-group:/app/*` },
    { Sid: 'BusinessHours', Effect: 'Allow', Action: 'dynamodb:Query', Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/Orders`, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2099-12-31T23:59:59Z' } } },
    { Sid: 'TagGuard', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } } },
    { Sid: 'RequireMfaForDeletes', Effect: 'Deny', Action: ['s3:DeleteObject', 'ec2:TerminateInstances'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    { Sid: 'TlsOnly', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'NoProdOutsideRegion', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
  ],
}

const boundary = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'logs:*', 'dynamodb:*'], Resource: '*' }] }
const sessionPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` }] }

function hundredStatements() {
  const Statement = Array.from({ length: 100 }, (_, i) => ({
    Sid: `S${i}`, Effect: 'Allow', Action: [`s3:Get${i}*`, `ec2:Describe${i}`], Resource: `${BUCKET}/data/${i}/*`,
    Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i}` } },
  }))
  Statement.push({ Sid: 'Last', Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${BUCKET}/home/\${aws:username}/*`, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } } })
  return { Version: '2012-10-17', Statement }
}

const context = new RequestContextBuilder()
  .principalArn(`arn:aws:iam::${ACCOUNT}:user/alice`).principalAccount(ACCOUNT).principalType('User').username('alice')
  .principalTags({ team: 'platform', department: 'engineering' }).sourceIp('203.0.113.10').secureTransport(true)
  .currentTime(new Date()).requestedRegion('eu-west-1')
  .build()

const request: AuthorizationRequest = {
  principal: principals.user(ACCOUNT, '/', 'alice'),
  action: 's3:GetObject',
  resource: `${BUCKET}/home/alice/notes.txt`,
  context,
}

function decisionsPerSecond(policies: ApplicablePolicies, expectAllowed: boolean): number {
  if ((authorize(request, policies).outcome === 'allowed') !== expectAllowed) throw new Error('benchmark request decided unexpectedly')
  for (let i = 0; i < 50_000; i++) authorize(request, policies) // warm-up
  // The median of five rounds: one round is at the mercy of a GC pause or a busy neighbour.
  const iterations = 200_000
  const rounds = Array.from({ length: 5 }, () => {
    const started = performance.now()
    for (let i = 0; i < iterations; i++) authorize(request, policies)
    return iterations / ((performance.now() - started) / 1000)
  })
  return rounds.sort((a, b) => a - b)[2]!
}

export async function policyBenchmarks(): Promise<void> {
  const identity = compilePolicy(JSON.stringify(tenStatements), 'identity', 'ten')
  const format = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')} decisions/s`
  row('policy (a): 10-statement identity policy, conditions + variables', format(decisionsPerSecond({ identity: [identity] }, true)))
  row('policy (b): (a) + permissions boundary + session policy', format(decisionsPerSecond({
    identity: [identity],
    boundary: compilePolicy(JSON.stringify(boundary), 'boundary', 'boundary'),
    session: [compilePolicy(JSON.stringify(sessionPolicy), 'session', 'session')],
  }, true)))
  row('policy (c): 100-statement identity policy', format(decisionsPerSecond({ identity: [compilePolicy(JSON.stringify(hundredStatements()), 'identity', 'hundred')] }, true)))
}
