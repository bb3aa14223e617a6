import { describe, expect, it } from 'vitest'
import { computePlan, type PlanOutcome } from '../../../src/apply/compute-plan.ts'
import type { DesiredState } from '../../../src/apply/desired-state.ts'
import { parseConfigText } from '../../../src/apply/parse-config-text.ts'
import { emptyAccount } from '../../../src/apply/plan-context.ts'
import type { Step } from '../../../src/apply/plan-steps.ts'
import type { Snapshot, SnapshotAccount } from '../../../src/apply/snapshot.ts'
import { baseConfig, configText, type ConfigData } from '../../fixtures/apply/base-config.ts'

const NOW = new Date('2026-01-01T00:00:00Z')
const ACCOUNT = '111122223333'
const EMPTY_SNAPSHOT: Snapshot = { accounts: new Map(), accessKeyAccounts: new Map(), aliasAccounts: new Map() }

function desiredOf(config: ConfigData): DesiredState {
  return parseConfigText(configText(config), 'test.yaml')
}

function plan(desired: DesiredState, snapshot: Snapshot, prune = false): PlanOutcome {
  let counter = 0
  return computePlan(desired, snapshot, { prune, now: NOW, newId: (prefix) => `${prefix}${String(++counter).padStart(4, '0')}` })
}

function snapshotOf(accounts: SnapshotAccount[], extra: Partial<Snapshot> = {}): Snapshot {
  return { ...EMPTY_SNAPSHOT, accounts: new Map(accounts.map((account) => [account.id, account])), ...extra }
}

function steps(outcome: PlanOutcome): readonly Step[] {
  if ('issues' in outcome) throw new Error(`unexpected issues: ${JSON.stringify(outcome.issues)}`)
  return outcome.steps
}

function issues(outcome: PlanOutcome): string[] {
  if (!('issues' in outcome)) throw new Error('expected issues')
  return outcome.issues.map((issue) => `${issue.path}: ${issue.message}`)
}

const lines = (outcome: PlanOutcome) => steps(outcome).flatMap((step) =>
  step.change ? [`${step.change.action} ${step.change.kind} ${step.change.id}${step.change.fields ? ` (${step.change.fields.join(', ')})` : ''}`] : [])

/** A config with only account 111122223333 and what `extra` declares in it. */
const small = (extra: ConfigData = {}) => ({ accounts: [{ id: ACCOUNT, ...extra }] })
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }

describe('computePlan', () => {
  it('creates everything on an empty database, parents before children', () => {
    expect(lines(plan(desiredOf(baseConfig()), EMPTY_SNAPSHOT))).toEqual([
      'create account 111122223333',
      'create managed-policy arn:aws:iam::111122223333:policy/ReadOnly',
      'create user arn:aws:iam::111122223333:user/people/alice',
      'create role arn:aws:iam::111122223333:role/Admin',
      'create role arn:aws:iam::111122223333:role/ci/Deployer',
      'create access-key AKIAJ2EXAMPLEROOTKEY',
      'create access-key AKIAIOSFODNN7EXAMPLE',
      'create mfa-device arn:aws:iam::111122223333:mfa/alice-phone',
      'create saml-provider arn:aws:iam::111122223333:saml-provider/idp',
      'create oidc-provider arn:aws:iam::111122223333:oidc-provider/ci.example.com',
      'create mapping-rule 111122223333/admins',
      'create mapping-rule 111122223333/deploy',
    ])
    const created = steps(plan(desiredOf(baseConfig()), EMPTY_SNAPSHOT))
    expect(created.find((step) => step.type === 'user.create')).toMatchObject({
      id: 'AIDA0002',
      links: { attach: ['ANPA0001'], putInline: [{ name: 'AssumeAdmin' }], dropInline: [], detach: [] },
    })
    expect(created.find((step) => step.type === 'accessKey.create' && step.id === 'AKIAIOSFODNN7EXAMPLE')).toMatchObject({ userId: 'AIDA0002' })
  })

  it('plans nothing for an account that already matches', () => {
    const config = small({ alias: 'corp', managedPolicies: [{ name: 'P', document: allowAll }] })
    const current: SnapshotAccount = {
      ...emptyAccount(ACCOUNT),
      alias: 'corp',
      managedPolicies: [{
        id: 'ANPAX', name: 'P', nameKey: 'p', path: '/', description: null, defaultVersionId: 'v2', lastVersionNumber: 2,
        versions: [{ versionId: 'v1', document: '{}' }, { versionId: 'v2', document: JSON.stringify(allowAll) }], fromConfig: true,
      }],
    }
    expect(lines(plan(desiredOf(config), snapshotOf([current])))).toEqual([])
  })

  it('adds a changed document as version N+1, dropping the oldest non-default version when five exist', () => {
    const versions = ['v3', 'v4', 'v5', 'v6', 'v7'].map((versionId) => ({ versionId, document: '{}' }))
    const current: SnapshotAccount = {
      ...emptyAccount(ACCOUNT),
      managedPolicies: [{ id: 'ANPAX', name: 'P', nameKey: 'p', path: '/', description: null, defaultVersionId: 'v3', lastVersionNumber: 7, versions, fromConfig: true }],
    }
    const [step] = steps(plan(desiredOf(small({ managedPolicies: [{ name: 'P', document: allowAll }] })), snapshotOf([current])))
    expect(step).toEqual({
      type: 'policy.update', id: 'ANPAX', name: 'P', nameKey: 'p', path: '/', description: null,
      newVersion: { versionId: 'v8', number: 8, document: JSON.stringify(allowAll), dropVersionId: 'v4' },
      change: { action: 'update', kind: 'managed-policy', id: 'arn:aws:iam::111122223333:policy/P', fields: ['document'] },
    })
  })

  it('is authoritative for a declared role: attributes, tags, inline policies, attachments; adopts a row not from config', () => {
    const config = small({ roles: [{ name: 'Ops', trustPolicy: trust, tags: { a: '1' }, inlinePolicies: [{ name: 'Keep', document: allowAll }] }] })
    const current: SnapshotAccount = {
      ...emptyAccount(ACCOUNT),
      roles: [{
        id: 'AROAX', name: 'ops', nameKey: 'ops', path: '/', description: null, trustPolicy: '{}', maxSessionDuration: 3600,
        permissionsBoundaryArn: null, tags: [{ Key: 'a', Value: '2' }],
        inlinePolicies: [{ name: 'Keep', document: JSON.stringify(allowAll) }, { name: 'Old', document: '{}' }],
        attachedPolicyIds: ['ANPAGONE'], fromConfig: false,
      }],
    }
    const [step] = steps(plan(desiredOf(config), snapshotOf([current])))
    expect(step).toMatchObject({
      type: 'role.update', id: 'AROAX',
      attributes: { name: 'Ops', trustPolicy: JSON.stringify(trust), tags: [{ Key: 'a', Value: '1' }] },
      links: { putInline: [], dropInline: ['Old'], attach: [], detach: ['ANPAGONE'] },
      change: { action: 'update', kind: 'role', id: 'arn:aws:iam::111122223333:role/Ops', fields: ['name', 'trustPolicy', 'tags', 'inlinePolicies', 'attachedPolicies', 'fromConfig'] },
    })
  })

  it('resolves an attached ARN to a stored policy not from config, and refuses one that names nothing', () => {
    const stored: SnapshotAccount = {
      ...emptyAccount(ACCOUNT),
      managedPolicies: [{ id: 'ANPAAPI', name: 'FromApi', nameKey: 'fromapi', path: '/', description: null, defaultVersionId: 'v1', lastVersionNumber: 1, versions: [], fromConfig: false }],
    }
    const attach = (arn: string) => desiredOf(small({ users: [{ name: 'u', attachedPolicies: [arn] }] }))
    expect(steps(plan(attach('arn:aws:iam::111122223333:policy/FromApi'), snapshotOf([stored])))[0]).toMatchObject({ links: { attach: ['ANPAAPI'] } })
    expect(issues(plan(attach('arn:aws:iam::111122223333:policy/Nope'), snapshotOf([stored])))).toEqual([
      'accounts[0].users[0].attachedPolicies[0]: no managed policy arn:aws:iam::111122223333:policy/Nope exists in account 111122223333',
    ])
  })

  it('refuses an access key id or an alias another account holds, and lets two declared accounts swap aliases', () => {
    const key = { id: 'AKIAIOSFODNN7EXAMPLE', secret: 'A'.repeat(40) }
    expect(issues(plan(desiredOf(small({ alias: 'taken', rootAccessKeys: [key] })), snapshotOf([], {
      accessKeyAccounts: new Map([['AKIAIOSFODNN7EXAMPLE', '999988887777']]),
      aliasAccounts: new Map([['taken', '999988887777']]),
    })))).toEqual([
      'accounts[0].alias: "taken" is already the alias of account 999988887777',
      'accounts[0].rootAccessKeys[0].id: access key AKIAIOSFODNN7EXAMPLE already belongs to account 999988887777',
    ])

    const swap = desiredOf({ accounts: [{ id: ACCOUNT, alias: 'blue' }, { id: '444455556666', alias: 'green' }] })
    const outcome = plan(swap, snapshotOf([
      { ...emptyAccount(ACCOUNT), alias: 'green' },
      { ...emptyAccount('444455556666'), alias: 'blue' },
    ], { aliasAccounts: new Map([['blue', '444455556666'], ['green', ACCOUNT]]) }))
    expect(steps(outcome).map((step) => step.type === 'account.setAlias' && `${step.id}=${step.alias}`)).toEqual([
      '111122223333=null', '444455556666=null', '111122223333=blue', '444455556666=green',
    ])
  })

  it('leaves the alias alone when the file omits it, and removes it for alias: null', () => {
    const stored = snapshotOf([{ ...emptyAccount(ACCOUNT), alias: 'corp' }])
    expect(lines(plan(desiredOf(small()), stored))).toEqual([])
    expect(steps(plan(desiredOf(small({ alias: null })), stored))).toEqual([
      { type: 'account.setAlias', id: ACCOUNT, alias: null, change: { action: 'update', kind: 'account', id: ACCOUNT, fields: ['alias'] } },
    ])
  })

  describe('prune', () => {
    const current: SnapshotAccount = {
      ...emptyAccount(ACCOUNT),
      managedPolicies: [
        { id: 'ANPAOLD', name: 'Old', nameKey: 'old', path: '/', description: null, defaultVersionId: 'v1', lastVersionNumber: 1, versions: [], fromConfig: true },
      ],
      users: [
        { id: 'AIDAOLD', name: 'old', nameKey: 'old', path: '/', permissionsBoundaryArn: null, tags: [], inlinePolicies: [], attachedPolicyIds: ['ANPAOLD'], fromConfig: true },
        { id: 'AIDAAPI', name: 'api', nameKey: 'api', path: '/', permissionsBoundaryArn: null, tags: [], inlinePolicies: [], attachedPolicyIds: [], fromConfig: false },
      ],
      accessKeys: [
        { id: 'AKIAOLDKEY', userId: 'AIDAOLD', secret: undefined, status: 'Active', fromConfig: true },
        { id: 'AKIAAPIKEY', userId: 'AIDAAPI', secret: undefined, status: 'Active', fromConfig: false },
      ],
      mappingRules: [
        { id: 'rule-1', name: 'gone', providerArn: 'x', priority: 1, predicate: {}, roleArns: [], sessionTags: {}, maxSessionDuration: null, fromConfig: true },
      ],
    }

    it('deletes nothing without prune', () => {
      expect(lines(plan(desiredOf(small()), snapshotOf([current])))).toEqual([])
    })

    it('deletes rows from config that are no longer declared, children first, and keeps the rest', () => {
      expect(lines(plan(desiredOf(small()), snapshotOf([current]), true))).toEqual([
        'delete mapping-rule 111122223333/gone',
        'delete access-key AKIAOLDKEY',
        'delete user arn:aws:iam::111122223333:user/old',
        'delete managed-policy arn:aws:iam::111122223333:policy/Old',
      ])
    })

    it('refuses to orphan rows that did not come from a config file', () => {
      const blocked: SnapshotAccount = {
        ...current,
        accessKeys: [...current.accessKeys, { id: 'AKIAMANUAL', userId: 'AIDAOLD', secret: undefined, status: 'Active', fromConfig: false }],
        users: current.users.map((user) => (user.id === 'AIDAAPI' ? { ...user, attachedPolicyIds: ['ANPAOLD'] } : user)),
      }
      expect(issues(plan(desiredOf(small()), snapshotOf([blocked]), true))).toEqual([
        'accounts[0]: cannot delete user arn:aws:iam::111122223333:user/old, which is no longer declared: access key AKIAMANUAL still belongs to it and was not created by a config file',
        'accounts[0]: cannot delete managed policy arn:aws:iam::111122223333:policy/Old, which is no longer declared: it is attached to arn:aws:iam::111122223333:user/api, which was not created by a config file',
      ])
    })

    it('deletes an account a config file created and no longer declares, with everything in it', () => {
      const removed: SnapshotAccount = { ...current, id: '444455556666', alias: 'old-corp', fromConfig: true }
      const notFromConfig: SnapshotAccount = { ...emptyAccount('777788889999') }
      const outcome = plan(desiredOf({ accounts: [] }), snapshotOf([removed, notFromConfig]), true)
      expect(steps(outcome)[0]).toEqual({ type: 'account.setAlias', id: '444455556666', alias: null })
      expect(lines(outcome)).toEqual([
        'delete mapping-rule 444455556666/gone',
        'delete access-key AKIAOLDKEY',
        'delete access-key AKIAAPIKEY',
        'delete user arn:aws:iam::444455556666:user/old',
        'delete user arn:aws:iam::444455556666:user/api',
        'delete managed-policy arn:aws:iam::444455556666:policy/Old',
        'delete account 444455556666',
      ])
    })
  })

  it('gives metadata without validUntil a century, and leaves an unchanged provider alone on a later run', () => {
    const config = baseConfig()
    const account = config.accounts[0]
    account.samlProviders[0].metadata = account.samlProviders[0].metadata.replace('validUntil="2036-01-01T00:00:00Z"', '')
    const desired = desiredOf(small({ samlProviders: account.samlProviders }))
    const step = steps(plan(desired, EMPTY_SNAPSHOT)).find((candidate) => candidate.type === 'saml.create')
    if (step?.type !== 'saml.create') throw new Error('no saml.create step')
    const { attributes } = step
    expect(attributes.validUntil.toISOString()).toBe('2126-01-01T00:00:00.000Z')
    const stored: SnapshotAccount = {
      ...emptyAccount(ACCOUNT),
      samlProviders: [{ arn: 'arn:aws:iam::111122223333:saml-provider/idp', ...attributes, validUntil: new Date('2125-05-05T00:00:00Z'), fromConfig: true }],
    }
    expect(lines(plan(desired, snapshotOf([stored])))).toEqual([])
  })
})
