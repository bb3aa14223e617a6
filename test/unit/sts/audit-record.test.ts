import { describe, expect, it } from 'vitest'
import { principals } from '../../../src/policy/request-principal.ts'
import { auditRecordOf } from '../../../src/sts/audit-record.ts'

describe('audit records', () => {
  it('redacts credentials among the request parameters and leaves out the envelope', () => {
    const record = auditRecordOf({
      requestId: 'r-1', service: 'sts', action: 'AssumeRoleWithWebIdentity', time: new Date('2026-11-22T10:00:00.123Z'),
      caller: undefined, sourceIp: '203.0.113.7', userAgent: 'aws-cli/1.45',
      parameters: [
        ['Action', 'AssumeRoleWithWebIdentity'], ['Version', '2011-06-15'], ['X-Amz-Signature', 'ab'.repeat(32)],
        ['RoleArn', 'arn:aws:iam::123456789012:role/Deploy'], ['WebIdentityToken', 'eyJhbGciOi.secret.jwt'],
        ['TokenCode', '123456'], ['SAMLAssertion', 'PHNhbWw+'], ['Tags.member.1.Key', 'team'],
      ],
      error: { code: 'InvalidIdentityToken', message: 'Incorrect token audience' },
    })
    expect(record).toMatchObject({ requestId: 'r-1', service: 'sts', action: 'AssumeRoleWithWebIdentity', outcome: 'failure', errorCode: 'InvalidIdentityToken', sourceIp: '203.0.113.7' })
    expect(record.detail).toMatchObject({
      eventTime: '2026-11-22T10:00:00Z',
      eventSource: 'sts.amazonaws.com',
      userIdentity: null,
      requestParameters: {
        RoleArn: 'arn:aws:iam::123456789012:role/Deploy', WebIdentityToken: '[redacted]', TokenCode: '[redacted]',
        SAMLAssertion: '[redacted]', 'Tags.member.1.Key': 'team',
      },
      errorCode: 'InvalidIdentityToken',
      errorMessage: 'Incorrect token audience',
    })
    expect(JSON.stringify(record)).not.toMatch(/secret\.jwt|123456"|PHNhbWw|abababab/)
  })

  it('names the caller as CloudTrail does', () => {
    const principal = principals.assumedRole('123456789012', '/', 'Admin', 'alice')
    const record = auditRecordOf({
      requestId: 'r-2', service: 'iam', action: 'GetUser', time: new Date(), sourceIp: '::1', userAgent: undefined, parameters: [],
      caller: { accessKeyId: 'ASIAEXAMPLE', accountId: '123456789012', arn: principal.arn!, userId: 'AROAEXAMPLE:alice', principal, temporary: true },
    })
    expect(record.detail).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAEXAMPLE:alice', arn: principal.arn, accountId: '123456789012', accessKeyId: 'ASIAEXAMPLE' },
      userAgent: null,
    })
  })
})
