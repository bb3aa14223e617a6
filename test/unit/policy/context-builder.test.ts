// Formats from "AWS global condition context keys" (IAM User Guide).
import { describe, expect, it } from 'vitest'
import { RequestContextBuilder } from '../../../src/policy/context-builder.ts'

describe('RequestContextBuilder', () => {
  it('sets the principal keys', () => {
    const context = new RequestContextBuilder()
      .principalArn('arn:aws:iam::111122223333:role/Admin')
      .principalAccount('111122223333')
      .principalType('AssumedRole')
      .userId('AROAEXAMPLEID:session')
      .build()
    expect(context.values('aws:principalarn')).toEqual(['arn:aws:iam::111122223333:role/Admin'])
    expect(context.values('aws:principalaccount')).toEqual(['111122223333'])
    expect(context.values('aws:principaltype')).toEqual(['AssumedRole'])
    expect(context.values('aws:userid')).toEqual(['AROAEXAMPLEID:session'])
    expect(context.values('aws:username')).toBeUndefined()
    expect(context.isMultiValued('aws:principalarn')).toBe(false)
  })

  it('answers keys in any case', () => {
    const context = new RequestContextBuilder().username('alice').principalTags({ CostCenter: '12345' }).build()
    expect(context.values('aws:username')).toEqual(['alice'])
    expect(context.values('AWS:UserName')).toEqual(['alice'])
    expect(context.values('aws:PrincipalTag/costcenter')).toEqual(['12345'])
    expect(context.values('aws:principaltag/COSTCENTER')).toEqual(['12345'])
  })

  it('sets one single-valued key per principal tag, from a map or an object', () => {
    const context = new RequestContextBuilder().principalTags(new Map([['team', 'blue'], ['Project', 'x']])).build()
    expect(context.values('aws:principaltag/team')).toEqual(['blue'])
    expect(context.values('aws:principaltag/project')).toEqual(['x'])
    expect(context.isMultiValued('aws:principaltag/team')).toBe(false)
  })

  it('refuses tag keys that differ only in case (they would be one condition key)', () => {
    expect(() => new RequestContextBuilder().principalTags({ Team: 'a', team: 'b' })).toThrow(/differing only in case/)
  })

  it('sets aws:RequestTag/<key> and the multivalued aws:TagKeys from request tags', () => {
    const context = new RequestContextBuilder().requestTags({ Dept: 'Accounting', 'Cost-Center': '1' }).build()
    expect(context.values('aws:requesttag/dept')).toEqual(['Accounting'])
    expect(context.values('aws:requesttag/cost-center')).toEqual(['1'])
    expect(context.values('aws:tagkeys')).toEqual(['Dept', 'Cost-Center'])
    expect(context.isMultiValued('aws:TagKeys')).toBe(true)
    expect(new RequestContextBuilder().requestTags({}).build().values('aws:tagkeys')).toBeUndefined()
  })

  it('normalises aws:SourceIp', () => {
    const ip = (address: string) => new RequestContextBuilder().sourceIp(address).build().values('aws:sourceip')
    expect(ip('203.0.113.9')).toEqual(['203.0.113.9'])
    expect(ip('::ffff:203.0.113.9')).toEqual(['203.0.113.9'])
    expect(ip('::ffff:cb00:7109')).toEqual(['203.0.113.9'])
    expect(ip('2001:db8::1')).toEqual(['2001:db8::1'])
    expect(ip('fe80::1%eth0')).toEqual(['fe80::1'])
  })

  it('sets booleans as "true" / "false"', () => {
    expect(new RequestContextBuilder().secureTransport(true).build().values('aws:securetransport')).toEqual(['true'])
    expect(new RequestContextBuilder().secureTransport(false).build().values('aws:securetransport')).toEqual(['false'])
  })

  it('sets aws:CurrentTime as ISO 8601 to the second and aws:EpochTime in seconds', () => {
    const context = new RequestContextBuilder().currentTime(new Date('2026-01-31T12:34:56.789Z')).build()
    expect(context.values('aws:currenttime')).toEqual(['2026-01-31T12:34:56Z'])
    expect(context.values('aws:epochtime')).toEqual([String(Math.floor(Date.parse('2026-01-31T12:34:56Z') / 1000))])
  })

  it('sets the MFA keys for temporary credentials, the age only when MFA was used', () => {
    const now = new Date('2026-01-31T12:00:00Z')
    const withMfa = new RequestContextBuilder().currentTime(now).multiFactorAuth(new Date('2026-01-31T11:00:00.500Z')).build()
    expect(withMfa.values('aws:multifactorauthpresent')).toEqual(['true'])
    expect(withMfa.values('aws:multifactorauthage')).toEqual(['3599'])
    const withoutMfa = new RequestContextBuilder().currentTime(now).multiFactorAuth(undefined).build()
    expect(withoutMfa.values('aws:multifactorauthpresent')).toEqual(['false'])
    expect(withoutMfa.values('aws:multifactorauthage')).toBeUndefined()
    // Long-term credentials: neither key ("AWS global condition context keys", aws:MultiFactorAuthPresent).
    const longTerm = new RequestContextBuilder().currentTime(now).build()
    expect(longTerm.values('aws:multifactorauthpresent')).toBeUndefined()
    expect(longTerm.values('aws:multifactorauthage')).toBeUndefined()
  })

  it('needs the current time to compute the MFA age', () => {
    expect(() => new RequestContextBuilder().multiFactorAuth(new Date()).build()).toThrow(/currentTime/)
  })

  it('sets the session and STS keys', () => {
    const context = new RequestContextBuilder()
      .tokenIssueTime(new Date('2026-01-31T10:00:00Z'))
      .federatedProvider('arn:aws:iam::111122223333:oidc-provider/idp.example.com')
      .sourceIdentity('alice')
      .requestedRegion('us-east-1')
      .externalId('ext-1')
      .roleSessionName('job-1')
      .stsSourceIdentity('alice')
      .transitiveTagKeys(['Project', 'Team'])
      .build()
    expect(context.values('aws:tokenissuetime')).toEqual(['2026-01-31T10:00:00Z'])
    expect(context.values('aws:federatedprovider')).toEqual(['arn:aws:iam::111122223333:oidc-provider/idp.example.com'])
    expect(context.values('aws:sourceidentity')).toEqual(['alice'])
    expect(context.values('aws:requestedregion')).toEqual(['us-east-1'])
    expect(context.values('sts:externalid')).toEqual(['ext-1'])
    expect(context.values('sts:rolesessionname')).toEqual(['job-1'])
    expect(context.values('sts:sourceidentity')).toEqual(['alice'])
    expect(context.values('sts:transitivetagkeys')).toEqual(['Project', 'Team'])
    expect(context.isMultiValued('sts:transitivetagkeys')).toBe(true)
    expect(new RequestContextBuilder().transitiveTagKeys([]).build().values('sts:transitivetagkeys')).toBeUndefined()
  })

  it('sets SAML and OIDC keys with set(), multivalued when asked', () => {
    const context = new RequestContextBuilder()
      .set('saml:aud', 'https://signin.aws.amazon.com/saml')
      .set('saml:edupersonaffiliation', ['staff', 'member'], { multiValued: true })
      .set('idp.example.com/realms/main:amr', ['pwd'], { multiValued: true })
      .set('idp.example.com/realms/main:sub', 'u-1')
      .build()
    expect(context.values('saml:aud')).toEqual(['https://signin.aws.amazon.com/saml'])
    expect(context.isMultiValued('saml:aud')).toBe(false)
    expect(context.values('saml:edupersonaffiliation')).toEqual(['staff', 'member'])
    expect(context.isMultiValued('saml:eduPersonAffiliation')).toBe(true)
    expect(context.values('idp.example.com/realms/main:amr')).toEqual(['pwd'])
    expect(context.isMultiValued('idp.example.com/realms/main:amr')).toBe(true)
    expect(context.values('idp.example.com/realms/main:sub')).toEqual(['u-1'])
  })

  it('refuses several values for a single-valued key', () => {
    expect(() => new RequestContextBuilder().set('saml:sub', ['a', 'b'])).toThrow(/single-valued/)
  })

  it('builds an immutable snapshot', () => {
    const builder = new RequestContextBuilder().username('alice')
    const context = builder.build()
    builder.username('bob').secureTransport(true)
    expect(context.values('aws:username')).toEqual(['alice'])
    expect(context.values('aws:securetransport')).toBeUndefined()
    expect(Object.isFrozen(context.values('aws:username'))).toBe(true)
    const tags = ['a']
    const withTags = new RequestContextBuilder().set('aws:TagKeys', tags, { multiValued: true }).build()
    tags.push('b')
    expect(withTags.values('aws:tagkeys')).toEqual(['a'])
  })

  it('tells a missing key from an unknown one: both are absent and single-valued', () => {
    const context = new RequestContextBuilder().build()
    expect(context.values('aws:sourceip')).toBeUndefined()
    expect(context.isMultiValued('aws:sourceip')).toBe(false)
  })
})
