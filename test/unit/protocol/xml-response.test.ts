import { describe, expect, it } from 'vitest'
import { namespaceFor } from '../../../src/protocol/namespaces.ts'
import { successResponseXml } from '../../../src/protocol/xml-response.ts'

describe('awsQuery success envelope', () => {
  it('wraps the result in <ActionResponse xmlns><ActionResult> and ResponseMetadata/RequestId', () => {
    const xml = successResponseXml('AssumeRole', namespaceFor('2011-06-15'), {
      Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2026-05-01T12:00:00.359Z') },
      AssumedRoleUser: { AssumedRoleId: 'AROA:s', Arn: 'arn:aws:sts::1:assumed-role/R/s' },
      PackedPolicySize: 6,
      SourceIdentity: undefined,
    }, 'req-1')
    expect(xml).toBe('<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
      '<Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>' +
      '<Expiration>2026-05-01T12:00:00Z</Expiration></Credentials>' +
      '<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/R/s</Arn></AssumedRoleUser>' +
      '<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>' +
      '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></AssumeRoleResponse>')
  })

  it('escapes text, writes booleans, and lists as <member> items under the IAM namespace', () => {
    const xml = successResponseXml('ListThings', namespaceFor('2010-05-08'), { Name: 'a<b&"c"', IsTruncated: false, Things: ['x', 'y'], Tags: [{ Key: 'k' }] }, 'r')
    expect(xml).toBe('<ListThingsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListThingsResult>' +
      '<Name>a&lt;b&amp;&quot;c&quot;</Name><IsTruncated>false</IsTruncated>' +
      '<Things><member>x</member><member>y</member></Things><Tags><member><Key>k</Key></member></Tags></ListThingsResult>' +
      '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListThingsResponse>')
  })

  it('writes an empty result element for an action with no output', () => {
    expect(successResponseXml('Nothing', namespaceFor(undefined), {}, 'r'))
      .toBe('<NothingResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><NothingResult></NothingResult>' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></NothingResponse>')
  })
})
