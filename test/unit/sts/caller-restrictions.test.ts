import { describe, expect, it } from 'vitest'
import type { SessionClaims } from '../../../src/credentials/session-claims.ts'
import { sessionCaller } from '../../../src/credentials/session-credential-resolver.ts'
import { ServiceError } from '../../../src/errors.ts'
import { principals } from '../../../src/policy/request-principal.ts'
import type { ApiVersion } from '../../../src/sts/action.ts'
import type { Caller } from '../../../src/sts/caller.ts'
import { assertCallerMayCall } from '../../../src/sts/caller-restrictions.ts'

const ACCOUNT = '123456789012'
const ALICE = { id: 'AIDARZPUZDIKFEXAMPLE', name: 'alice', path: '/engineering/' }
const ALICE_ARN = `arn:aws:iam::${ACCOUNT}:user/engineering/alice`
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`

const rootCaller: Caller = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE', accountId: ACCOUNT, arn: ROOT_ARN, userId: ACCOUNT, principal: principals.root(ACCOUNT), temporary: false,
}
const userCaller: Caller = {
  accessKeyId: 'AKIARZPUZDIKFEXAMPLE', accountId: ACCOUNT, arn: ALICE_ARN, userId: ALICE.id,
  principal: principals.user(ACCOUNT, ALICE.path, ALICE.name), temporary: false, user: ALICE,
}

const claims = (overrides: Partial<SessionClaims> & Pick<SessionClaims, 'kind'>): SessionClaims => ({
  accessKeyId: 'ASIARZPUZDIKFEXAMPLE', secretAccessKey: 's'.repeat(40), accountId: ACCOUNT,
  issuedAt: Date.UTC(2026, 4, 1), expiresAt: Date.UTC(2026, 4, 1, 1), tags: [], transitiveTagKeys: [], sessionPolicyArns: [],
  ...overrides,
})

const roleSession = sessionCaller(claims({ kind: 'assumed-role', role: { id: 'AROARZPUZDIKFEXAMPLE', name: 'Deployer', path: '/ci/' }, sessionName: 'build-42' }))
const userSession = sessionCaller(claims({ kind: 'session-token', user: ALICE }))
const userMfaSession = sessionCaller(claims({ kind: 'session-token', user: ALICE, mfaAuthenticatedAt: Date.UTC(2026, 4, 1) }))
const rootSession = sessionCaller(claims({ kind: 'session-token' }))
const federatedSession = sessionCaller(claims({ kind: 'federated-user', sessionName: 'bob', user: ALICE }))

const CALLERS = {
  'long-term root': rootCaller,
  'long-term user': userCaller,
  'assumed-role session': roleSession,
  'GetSessionToken session of a user': userSession,
  'GetSessionToken session of a user with MFA': userMfaSession,
  'GetSessionToken session of the root user': rootSession,
  'federated-user session': federatedSession,
} as const
type CallerName = keyof typeof CALLERS

const STS_ACTIONS = ['AssumeRole', 'GetSessionToken', 'GetFederationToken', 'GetCallerIdentity', 'GetAccessKeyInfo', 'DecodeAuthorizationMessage'] as const
type StsAction = (typeof STS_ACTIONS)[number]

type Outcome = 'ok' | { readonly code: string; readonly message: string }
const ok = 'ok' as const
const deny = (message: string): Outcome => ({ code: 'AccessDenied', message })
const sessionCreds = (action: string) => deny(`Cannot call ${action} with session credentials`)
const rootRoles = deny('Roles may not be assumed by root accounts.')
const notWith = (caller: Caller, action: string) => deny(`User: ${caller.arn} is not authorized to perform: ${action} with these credentials`)
const invalidToken: Outcome = { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' }

/** sts-wire.md §6.1, for the actions stsgate has. */
const STS_MATRIX: Record<CallerName, Record<StsAction, Outcome>> = {
  'long-term root': {
    AssumeRole: rootRoles, GetSessionToken: ok, GetFederationToken: ok, GetCallerIdentity: ok, GetAccessKeyInfo: ok, DecodeAuthorizationMessage: ok,
  },
  'long-term user': {
    AssumeRole: ok, GetSessionToken: ok, GetFederationToken: ok, GetCallerIdentity: ok, GetAccessKeyInfo: ok, DecodeAuthorizationMessage: ok,
  },
  'assumed-role session': {
    AssumeRole: ok, GetSessionToken: sessionCreds('GetSessionToken'), GetFederationToken: sessionCreds('GetFederationToken'),
    GetCallerIdentity: ok, GetAccessKeyInfo: ok, DecodeAuthorizationMessage: ok,
  },
  'GetSessionToken session of a user': {
    AssumeRole: ok, GetSessionToken: sessionCreds('GetSessionToken'), GetFederationToken: sessionCreds('GetFederationToken'), GetCallerIdentity: ok,
    GetAccessKeyInfo: notWith(userSession, 'sts:GetAccessKeyInfo'), DecodeAuthorizationMessage: notWith(userSession, 'sts:DecodeAuthorizationMessage'),
  },
  'GetSessionToken session of a user with MFA': {
    AssumeRole: ok, GetSessionToken: sessionCreds('GetSessionToken'), GetFederationToken: sessionCreds('GetFederationToken'), GetCallerIdentity: ok,
    GetAccessKeyInfo: notWith(userMfaSession, 'sts:GetAccessKeyInfo'), DecodeAuthorizationMessage: notWith(userMfaSession, 'sts:DecodeAuthorizationMessage'),
  },
  // The root user's session is still the root user: it may not assume roles either.
  'GetSessionToken session of the root user': {
    AssumeRole: rootRoles, GetSessionToken: sessionCreds('GetSessionToken'), GetFederationToken: sessionCreds('GetFederationToken'), GetCallerIdentity: ok,
    GetAccessKeyInfo: notWith(rootSession, 'sts:GetAccessKeyInfo'), DecodeAuthorizationMessage: notWith(rootSession, 'sts:DecodeAuthorizationMessage'),
  },
  'federated-user session': {
    AssumeRole: notWith(federatedSession, 'sts:AssumeRole'), GetSessionToken: sessionCreds('GetSessionToken'),
    GetFederationToken: sessionCreds('GetFederationToken'), GetCallerIdentity: ok,
    GetAccessKeyInfo: notWith(federatedSession, 'sts:GetAccessKeyInfo'), DecodeAuthorizationMessage: notWith(federatedSession, 'sts:DecodeAuthorizationMessage'),
  },
}

/** IAM (2010-05-08): GetSessionToken credentials only with MFA, GetFederationToken credentials never. */
const IAM_ACTIONS = ['GetUser', 'ListRoles', 'CreateAccessKey'] as const
const IAM_MATRIX: Record<CallerName, (action: string) => Outcome> = {
  'long-term root': () => ok,
  'long-term user': () => ok,
  'assumed-role session': () => ok,
  'GetSessionToken session of a user': () => invalidToken,
  'GetSessionToken session of a user with MFA': () => ok,
  'GetSessionToken session of the root user': () => invalidToken,
  'federated-user session': (action) => notWith(federatedSession, `iam:${action}`),
}

function outcomeOf(caller: Caller, version: ApiVersion, action: string): Outcome {
  try {
    assertCallerMayCall(caller, version, action)
    return ok
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    const { code, message, status } = error as ServiceError
    expect(status).toBe(403)
    return { code, message }
  }
}

describe('what each kind of caller may call', () => {
  it('builds the session callers it tests from their claims', () => {
    expect(roleSession).toMatchObject({ temporary: true, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/build-42`, principal: { type: 'assumed-role' } })
    expect(userSession).toMatchObject({ temporary: true, arn: ALICE_ARN, principal: { type: 'user' } })
    expect(rootSession).toMatchObject({ temporary: true, arn: ROOT_ARN, principal: { type: 'root' } })
    expect(federatedSession).toMatchObject({ temporary: true, arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, principal: { type: 'federated-user' } })
  })

  describe('STS (2011-06-15)', () => {
    const cases = Object.entries(STS_MATRIX).flatMap(([name, row]) =>
      STS_ACTIONS.map((action) => [name as CallerName, action, row[action]] as const))

    it.each(cases)('%s calling %s', (name, action, expected) => {
      expect(outcomeOf(CALLERS[name], '2011-06-15', action)).toEqual(expected)
    })
  })

  describe('IAM (2010-05-08)', () => {
    const cases = Object.entries(IAM_MATRIX).flatMap(([name, expected]) =>
      IAM_ACTIONS.map((action) => [name as CallerName, action, expected(action)] as const))

    it.each(cases)('%s calling %s', (name, action, expected) => {
      expect(outcomeOf(CALLERS[name], '2010-05-08', action)).toEqual(expected)
    })
  })

  it('counts MFA by the presence of its time: an MFA time of 0 (the epoch) still counts', () => {
    const epochMfa = sessionCaller(claims({ kind: 'session-token', user: ALICE, mfaAuthenticatedAt: 0 }))
    expect(outcomeOf(epochMfa, '2010-05-08', 'GetUser')).toBe(ok)
  })
})
