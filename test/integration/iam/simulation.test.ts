import { SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand, type ContextEntry } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAccessKeyId } from '../../../src/credentials/access-key-id.ts'
import { backend } from '../../support/database.ts'
import { iamClient, sdkError } from '../../support/iam-client.ts'
import { failed, pythonClients, succeeded, type Boto3Call } from '../../support/python-clients.ts'
import { ACCOUNT, ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

// SimulateCustomPolicy and SimulatePrincipalPolicy through unmodified clients: @aws-sdk/client-iam,
// boto3 and the AWS CLI v1, against the real server and database.

const LIMITED = { accessKeyId: generateAccessKeyId('AKIA', ACCOUNT), secretAccessKey: 'limitedSecretKey0123456789+ABCDEFGHIJKLM' }
const user = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:user${path}${name}`
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`

const CONFIG = `
accounts:
  - id: "${ACCOUNT}"
    managedPolicies:
      - name: DenyDeletes
        document: { Version: "2012-10-17", Statement: [{ Sid: NoDelete, Effect: Deny, Action: "s3:DeleteObject", Resource: "*" }] }
      - name: S3Only
        document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }
    users:
      - name: dev
        path: /team/
        inlinePolicies:
          - name: ReadAndWrite
            document: { Version: "2012-10-17", Statement: [{ Sid: ReadWrite, Effect: Allow, Action: ["s3:GetObject", "s3:DeleteObject", "iam:GetUser"], Resource: "*" }] }
        attachedPolicies: [DenyDeletes]
        permissionsBoundary: ${policyArn('S3Only')}
      - name: limited
        inlinePolicies:
          - name: CustomOnly
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "iam:SimulateCustomPolicy", Resource: "*" }] }
        accessKeys: [{ id: ${LIMITED.accessKeyId}, secret: "${LIMITED.secretAccessKey}" }]
    roles:
      - name: Worker
        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }
        inlinePolicies:
          - name: Queue
            document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sqs:SendMessage", Resource: "*" }] }
`

const GET_BUCKET = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}'
const DENY_GET = '{"Version":"2012-10-17","Statement":[{"Sid":"NoKey","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/key"}]}'
const MFA_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
}, null, 4)
const ALLOW_ALL = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'
const ENUM = '[string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]'

/** Where a statement is as AWS reports it: just past its `{` and just past its `}` (1-based columns). */
function span(text: string, from: number, to: number) {
  const at = (offset: number) => {
    const before = text.slice(0, offset)
    return { Line: before.split('\n').length, Column: offset - (before.lastIndexOf('\n') + 1) + 1 }
  }
  return { StartPosition: at(from + 1), EndPosition: at(to + 1) }
}
/** The span of a one-statement document whose statement is the first `{` after "Statement". */
const onlyStatement = (text: string) => span(text, text.indexOf('{', text.indexOf('"Statement"')), text.lastIndexOf('}', text.lastIndexOf('}') - 1))
const mfa = (value: string): ContextEntry => ({ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: [value], ContextKeyType: 'boolean' })

describe(`IAM policy simulation on ${backend}`, () => {
  let server: StsTestServer
  let clients: Awaited<ReturnType<typeof pythonClients>>
  let iam: ReturnType<typeof iamClient>
  beforeAll(async () => {
    server = await startStsTestServer(CONFIG)
    clients = await pythonClients(server.url)
    iam = iamClient(server.url)
  })
  afterAll(async () => {
    iam?.destroy()
    await server?.close()
    await clients?.close()
  })

  describe('SimulateCustomPolicy with @aws-sdk/client-iam', () => {
    it('allows what a statement allows and implicitly denies the rest, with the statement and its place', async () => {
      const result = await iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject', 's3:PutObject'],
      }))
      expect(result.IsTruncated).toBe(false)
      expect(result.Marker).toBeUndefined()
      expect(result.EvaluationResults).toEqual([
        {
          EvalActionName: 's3:GetObject', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [],
        },
        { EvalActionName: 's3:PutObject', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [] },
      ])
      const onKey = await iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::bucket/key'],
      }))
      const matched = [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', ...onlyStatement(GET_BUCKET) }]
      expect(matched[0]).toMatchObject({ StartPosition: { Line: 1, Column: 39 }, EndPosition: { Line: 1, Column: 115 } })
      expect(onKey.EvaluationResults).toEqual([
        {
          EvalActionName: 's3:GetObject', EvalResourceName: 'arn:aws:s3:::bucket/key', EvalDecision: 'allowed', MatchedStatements: matched, MissingContextValues: [],
          ResourceSpecificResults: [{ EvalResourceName: 'arn:aws:s3:::bucket/key', EvalResourceDecision: 'allowed', MatchedStatements: matched, MissingContextValues: [] }],
        },
        {
          EvalActionName: 's3:PutObject', EvalResourceName: 'arn:aws:s3:::bucket/key', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [],
          ResourceSpecificResults: [{ EvalResourceName: 'arn:aws:s3:::bucket/key', EvalResourceDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [] }],
        },
      ])
    })

    it('reports positions as the AWS CLI example does (1:38 to 1:167 for its one-line policy)', async () => {
      // The policy and the positions of the AWS CLI's simulate-custom-policy example 1.
      const example = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}'
      const result = await iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [example], ActionNames: ['dynamodb:CreateBackup'],
        ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' }],
      }))
      expect(result.EvaluationResults![0]).toEqual({
        EvalActionName: 'dynamodb:CreateBackup', EvalResourceName: '*', EvalDecision: 'allowed', MissingContextValues: [],
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
      })
    })

    it('lets a Deny win and names only the Deny statement', async () => {
      const result = await iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [GET_BUCKET, DENY_GET], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket/other'],
      }))
      const [key, other] = result.EvaluationResults!
      expect(key).toMatchObject({
        EvalResourceName: 'arn:aws:s3:::bucket/key', EvalDecision: 'explicitDeny',
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.2', SourcePolicyType: 'IAM Policy', ...onlyStatement(DENY_GET) }],
      })
      expect(other).toMatchObject({ EvalResourceName: 'arn:aws:s3:::bucket/other', EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1' }] })
    })

    it('lists a condition key the context lacks, and decides with it when given', async () => {
      const [without, withTrue, withFalse, onResource] = await Promise.all([
        iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [MFA_ONLY], ActionNames: ['ec2:StopInstances'] })),
        iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [MFA_ONLY], ActionNames: ['ec2:StopInstances'], ContextEntries: [mfa('true')] })),
        iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [MFA_ONLY], ActionNames: ['ec2:StopInstances'], ContextEntries: [mfa('false')] })),
        iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [MFA_ONLY], ActionNames: ['ec2:StopInstances'], ResourceArns: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-1'] })),
      ])
      expect(without.EvaluationResults![0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['aws:MultiFactorAuthPresent'] })
      // A pretty-printed policy: the statement opens on line 4 (8 spaces, `{`) and closes on line 13.
      expect(withTrue.EvaluationResults![0]).toEqual({
        EvalActionName: 'ec2:StopInstances', EvalResourceName: '*', EvalDecision: 'allowed', MissingContextValues: [],
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 4, Column: 10 }, EndPosition: { Line: 13, Column: 10 } }],
      })
      expect(withFalse.EvaluationResults![0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: [] })
      // With explicit resources the missing keys are reported per resource.
      expect(onResource.EvaluationResults![0]).toMatchObject({
        EvalDecision: 'implicitDeny', MissingContextValues: [],
        ResourceSpecificResults: [{ EvalResourceDecision: 'implicitDeny', MissingContextValues: ['aws:MultiFactorAuthPresent'] }],
      })
    })

    it('implicitly denies what the permissions boundary does not allow', async () => {
      const boundary = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
      const result = await iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [ALLOW_ALL], PermissionsBoundaryPolicyInputList: [boundary], ActionNames: ['s3:ListBucket', 'iam:CreateUser'],
      }))
      expect(result.EvaluationResults).toEqual([
        {
          EvalActionName: 's3:ListBucket', EvalResourceName: '*', EvalDecision: 'allowed', MissingContextValues: [],
          MatchedStatements: [
            { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', ...onlyStatement(ALLOW_ALL) },
            { SourcePolicyId: 'PermissionsBoundaryPolicyInputList.1', SourcePolicyType: 'IAM Policy', ...onlyStatement(boundary) },
          ],
          PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
        },
        {
          EvalActionName: 'iam:CreateUser', EvalResourceName: '*', EvalDecision: 'implicitDeny', MissingContextValues: [], MatchedStatements: [],
          PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false },
        },
      ])
    })

    it('evaluates a resource policy for the CallerArn, and requires CallerArn with one', async () => {
      const bucketPolicy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'Dev', Effect: 'Allow', Principal: { AWS: user('dev', '/team/') }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }],
      })
      const noIdentity = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}'
      const run = (callerArn?: string) => iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [noIdentity], ResourcePolicy: bucketPolicy, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::shared/a'],
        ...(callerArn && { CallerArn: callerArn }),
      }))
      expect((await run(user('dev', '/team/'))).EvaluationResults![0]).toMatchObject({
        EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource', ...onlyStatement(bucketPolicy) }],
      })
      expect((await run(user('someone-else'))).EvaluationResults![0]).toMatchObject({ EvalDecision: 'implicitDeny' })
      expect(await sdkError(run())).toEqual({
        code: 'InvalidInputException', status: 400,
        message: 'CallerArn is required when the simulation includes a ResourcePolicy: it is the principal the policy is evaluated for.',
      })
      expect(await sdkError(run(role('Worker')))).toEqual({
        code: 'InvalidInputException', status: 400, message: `Invalid CallerArn ${role('Worker')}: only the ARN of an IAM user can be the simulated caller.`,
      })
    })

    it('pages results with MaxItems and Marker', async () => {
      const actions = ['s3:GetObject', 's3:PutObject', 's3:ListBucket']
      const first = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET], ActionNames: actions, MaxItems: 2 }))
      expect(first.EvaluationResults!.map((r) => r.EvalActionName)).toEqual(actions.slice(0, 2))
      expect(first.IsTruncated).toBe(true)
      const second = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET], ActionNames: actions, MaxItems: 2, Marker: first.Marker }))
      expect(second.EvaluationResults!.map((r) => r.EvalActionName)).toEqual(['s3:ListBucket'])
      expect(second.IsTruncated).toBe(false)
      expect(second.Marker).toBeUndefined()
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET], ActionNames: actions, Marker: 'garbage' }))))
        .toEqual({ code: 'InvalidInputException', status: 400, message: 'Invalid Marker.' })
    })

    it('refuses malformed policies, bad context key types and values outside the model', async () => {
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}'], ActionNames: ['s3:GetObject'] }))))
        .toMatchObject({ code: 'MalformedPolicyDocumentException', status: 400, message: expect.stringMatching(/^Statement\[0\]/) })
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":'], ActionNames: ['s3:GetObject'] }))))
        .toMatchObject({ code: 'MalformedPolicyDocumentException', status: 400, message: expect.stringMatching(/^Syntax errors in policy/) })
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject'],
        ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'bool' as 'boolean' }],
      })))).toEqual({
        code: 'ValidationError', status: 400,
        message: `1 validation error detected: Value 'bool' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: ${ENUM}`,
      })
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET], ActionNames: ['s3', 's3:GetObject'], ContextEntries: [{ ContextKeyName: 'a:b' }] }))))
        .toEqual({
          code: 'ValidationError', status: 400,
          message: "2 validation errors detected: Value 's3' at 'actionNames.1.member' failed to satisfy constraint: Member must have length greater than or equal to 3; "
            + "Value 'a:b' at 'contextEntries.1.member.contextKeyName' failed to satisfy constraint: Member must have length greater than or equal to 5",
        })
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({
        PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1', '10.0.0.2'], ContextKeyType: 'ip' }],
      })))).toEqual({ code: 'InvalidInputException', status: 400, message: 'Context entry 1 (aws:SourceIp) of type ip takes exactly one value; use ipList for several.' })
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyValues: ['x'] }] }))))
        .toEqual({ code: 'InvalidInputException', status: 400, message: 'Context entry 1 has no ContextKeyName.' })
      expect(await sdkError(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET, GET_BUCKET], PermissionsBoundaryPolicyInputList: [ALLOW_ALL, ALLOW_ALL], ActionNames: ['s3:GetObject'] }))))
        .toEqual({ code: 'InvalidInputException', status: 400, message: 'You can input only one permissions boundary policy in PermissionsBoundaryPolicyInputList.' })
    })

    it('needs iam:SimulateCustomPolicy', async () => {
      const limited = iamClient(server.url, LIMITED)
      try {
        const result = await limited.send(new SimulateCustomPolicyCommand({ PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject'] }))
        expect(result.EvaluationResults).toHaveLength(1)
        expect(await sdkError(limited.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: user('dev', '/team/'), ActionNames: ['s3:GetObject'] })))).toMatchObject({
          code: 'AccessDenied', status: 403,
          message: expect.stringMatching(new RegExp(`^User: ${user('limited')} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${user('dev', '/team/')}\\. Encoded authorization failure message: `)),
        })
      } finally {
        limited.destroy()
      }
    })
  })

  describe('SimulatePrincipalPolicy with @aws-sdk/client-iam', () => {
    it("reflects a user's inline and managed policies and its boundary", async () => {
      const result = await iam.send(new SimulatePrincipalPolicyCommand({
        PolicySourceArn: user('dev', '/team/'), ActionNames: ['s3:GetObject', 's3:DeleteObject', 'iam:GetUser', 'sqs:SendMessage'],
      }))
      const [get, del, getUser, send] = result.EvaluationResults!
      expect(get).toMatchObject({
        EvalDecision: 'allowed', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
        MatchedStatements: [
          { SourcePolicyId: 'ReadAndWrite', SourcePolicyType: 'user', StartPosition: { Line: 1, Column: expect.any(Number) } },
          { SourcePolicyId: 'S3Only', SourcePolicyType: 'user-managed' },
        ],
      })
      expect(del).toMatchObject({ EvalDecision: 'explicitDeny', MatchedStatements: [{ SourcePolicyId: 'DenyDeletes', SourcePolicyType: 'user-managed' }] })
      expect(getUser).toMatchObject({ EvalDecision: 'implicitDeny', MatchedStatements: [], PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } })
      expect(send).toMatchObject({ EvalDecision: 'implicitDeny', MatchedStatements: [] })
    })

    it('adds PolicyInputList and replaces the boundary with PermissionsBoundaryPolicyInputList', async () => {
      const result = await iam.send(new SimulatePrincipalPolicyCommand({
        PolicySourceArn: user('dev', '/team/'), ActionNames: ['iam:GetUser', 'sqs:SendMessage'],
        PolicyInputList: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}'],
        PermissionsBoundaryPolicyInputList: [ALLOW_ALL],
      }))
      expect(result.EvaluationResults).toMatchObject([
        { EvalActionName: 'iam:GetUser', EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'ReadAndWrite' }, { SourcePolicyId: 'PermissionsBoundaryPolicyInputList.1' }] },
        { EvalActionName: 'sqs:SendMessage', EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy' }, { SourcePolicyId: 'PermissionsBoundaryPolicyInputList.1' }] },
      ])
    })

    it("reflects a role's inline policy", async () => {
      const result = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: role('Worker'), ActionNames: ['sqs:SendMessage', 's3:GetObject'] }))
      expect(result.EvaluationResults).toMatchObject([
        { EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'Queue', SourcePolicyType: 'role' }] },
        { EvalDecision: 'implicitDeny', MatchedStatements: [] },
      ])
      expect(result.EvaluationResults![0]!.PermissionsBoundaryDecisionDetail).toBeUndefined()
    })

    it('answers NoSuchEntity for a principal that does not exist, InvalidInput for an ARN naming none', async () => {
      const simulate = (arn: string) => sdkError(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: ['s3:GetObject'] })))
      expect(await simulate(user('nobody'))).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The user with name nobody cannot be found.' })
      expect(await simulate(user('dev'))).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The user with name dev cannot be found.' })
      expect(await simulate(role('Nobody'))).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The role with name Nobody cannot be found.' })
      expect(await simulate(`arn:aws:iam::${ACCOUNT}:group/Admins`)).toEqual({ code: 'NoSuchEntityException', status: 404, message: 'The group with name Admins cannot be found.' })
      expect(await simulate(`arn:aws:s3:::bucket/with-a-long-name`)).toEqual({ code: 'InvalidInputException', status: 400, message: 'ARN arn:aws:s3:::bucket/with-a-long-name is not valid.' })
      expect(await simulate('arn:aws:iam::1')).toEqual({
        code: 'ValidationError', status: 400,
        message: "1 validation error detected: Value 'arn:aws:iam::1' at 'policySourceArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
      })
    })
  })

  describe('boto3 and the AWS CLI v1', () => {
    const call = (operation: string, params: Record<string, unknown>, validate = true): Boto3Call => ({ service: 'iam', operation, params, credentials: ROOT, validate })

    it('SimulateCustomPolicy and SimulatePrincipalPolicy through boto3', async () => {
      const [allowed, denied, missing, withMfa, principal, malformed, badType, noSuchUser, noActions] = await clients.boto3([
        call('simulate_custom_policy', { PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::bucket/key'] }),
        call('simulate_custom_policy', { PolicyInputList: [GET_BUCKET, DENY_GET], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::bucket/key'] }),
        call('simulate_custom_policy', { PolicyInputList: [MFA_ONLY], ActionNames: ['ec2:StopInstances'] }),
        call('simulate_custom_policy', { PolicyInputList: [MFA_ONLY], ActionNames: ['ec2:StopInstances'], ContextEntries: [mfa('true')] }),
        call('simulate_principal_policy', { PolicySourceArn: user('dev', '/team/'), ActionNames: ['s3:DeleteObject', 'iam:GetUser'] }),
        call('simulate_custom_policy', { PolicyInputList: ['{"Version":"2012-10-17","Statement":[]}'], ActionNames: ['s3:GetObject'] }),
        call('simulate_custom_policy', { PolicyInputList: [GET_BUCKET], ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1'], ContextKeyType: 'address' }] }, false),
        call('simulate_principal_policy', { PolicySourceArn: role('Nobody'), ActionNames: ['s3:GetObject'] }),
        call('simulate_custom_policy', { PolicyInputList: [GET_BUCKET] }, false),
      ])
      const results = (outcome: typeof allowed) => succeeded(outcome).EvaluationResults as Array<Record<string, any>>
      expect(results(allowed).map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([['s3:GetObject', 'allowed'], ['s3:PutObject', 'implicitDeny']])
      expect(results(allowed)[0]!.MatchedStatements).toEqual([{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', ...onlyStatement(GET_BUCKET) }])
      expect(results(allowed)[0]!.ResourceSpecificResults).toEqual([{
        EvalResourceName: 'arn:aws:s3:::bucket/key', EvalResourceDecision: 'allowed', MissingContextValues: [],
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', ...onlyStatement(GET_BUCKET) }],
      }])
      expect(succeeded(allowed).IsTruncated).toBe(false)
      expect(results(denied)[0]).toMatchObject({ EvalDecision: 'explicitDeny', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.2', ...onlyStatement(DENY_GET) }] })
      expect(results(missing)[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['aws:MultiFactorAuthPresent'] })
      expect(results(withMfa)[0]).toMatchObject({ EvalDecision: 'allowed', MissingContextValues: [] })
      expect(results(principal)).toMatchObject([
        { EvalActionName: 's3:DeleteObject', EvalDecision: 'explicitDeny', MatchedStatements: [{ SourcePolicyId: 'DenyDeletes', SourcePolicyType: 'user-managed' }] },
        { EvalActionName: 'iam:GetUser', EvalDecision: 'implicitDeny', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } },
      ])
      expect(failed(malformed)).toMatchObject({ code: 'MalformedPolicyDocument', status: 400, message: expect.stringMatching(/^Statement: /) })
      expect(failed(badType)).toEqual({
        code: 'ValidationError', status: 400,
        message: `1 validation error detected: Value 'address' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: ${ENUM}`,
      })
      expect(failed(noSuchUser)).toEqual({ code: 'NoSuchEntity', status: 404, message: 'The role with name Nobody cannot be found.' })
      expect(failed(noActions)).toEqual({
        code: 'ValidationError', status: 400, message: "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null",
      })
    })

    it('aws iam simulate-custom-policy and simulate-principal-policy', async () => {
      // The three CLI processes run side by side: each costs about two seconds of Python start-up.
      const [custom, mfaCli, principal] = await Promise.all([
        clients.awsCli([
          'iam', 'simulate-custom-policy',
          '--policy-input-list', GET_BUCKET,
          '--action-names', 's3:GetObject', 's3:PutObject',
          '--resource-arns', 'arn:aws:s3:::bucket/key',
        ], ROOT),
        clients.awsCli([
          'iam', 'simulate-custom-policy',
          '--policy-input-list', MFA_ONLY,
          '--action-names', 'ec2:StopInstances',
          '--context-entries', 'ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean',
        ], ROOT),
        clients.awsCli([
          'iam', 'simulate-principal-policy',
          '--policy-source-arn', user('dev', '/team/'),
          '--action-names', 's3:GetObject', 's3:DeleteObject', 'iam:GetUser',
        ], ROOT),
      ])
      const customResults = JSON.parse(custom.stdout).EvaluationResults as Array<Record<string, any>>
      expect(customResults.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision])).toEqual([
        ['s3:GetObject', 'arn:aws:s3:::bucket/key', 'allowed'],
        ['s3:PutObject', 'arn:aws:s3:::bucket/key', 'implicitDeny'],
      ])
      expect(customResults[0]!.MatchedStatements).toEqual([{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', ...onlyStatement(GET_BUCKET) }])
      expect(JSON.parse(mfaCli.stdout).EvaluationResults[0]).toMatchObject({ EvalDecision: 'allowed', MissingContextValues: [] })
      expect((JSON.parse(principal.stdout).EvaluationResults as Array<Record<string, any>>).map((r) => r.EvalDecision))
        .toEqual(['allowed', 'explicitDeny', 'implicitDeny'])
    })
  })
})
