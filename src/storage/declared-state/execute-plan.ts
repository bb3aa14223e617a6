import type { SecretBox } from '../secret-box.ts'
import { accessKeySecretContext, mfaSeedContext } from '../secret-contexts.ts'
import type { ApplyDb } from './load-snapshot.ts'
import type { DeletableTable, PolicyLinks, Step } from '../../apply/plan-steps.ts'

/**
 * A step failed; the transaction it ran in is rolled back. Names the step, never a secret (the
 * cause is the database error, whose text carries no values: secrets are sealed before any write).
 */
export class ApplyExecutionError extends Error {
  override readonly name = 'ApplyExecutionError'
}

/**
 * Runs the steps in order through `db`, which must be the apply's interactive transaction: on a
 * throw the caller's transaction rolls back every earlier step. Seals access key secrets and MFA
 * seeds under the contexts other code opens them with (secret-contexts.ts).
 */
export async function executePlan(db: ApplyDb, steps: readonly Step[], secrets: SecretBox): Promise<void> {
  for (const step of steps) {
    try {
      await executeStep(db, step, secrets)
    } catch (error) {
      const what = step.change ? `${step.change.action} ${step.change.kind} ${step.change.id}` : step.type
      const cause = error instanceof Error ? error.message.trim().split('\n').at(-1) : String(error)
      throw new ApplyExecutionError(`apply failed at "${what}" and nothing was changed: ${cause}`, { cause: error })
    }
  }
}

async function executeStep(db: ApplyDb, step: Step, secrets: SecretBox): Promise<void> {
  const fromConfig = true
  switch (step.type) {
    case 'account.create':
      await db.account.create({ data: { id: step.id, alias: step.alias, fromConfig } })
      return
    case 'account.setAlias':
      await db.account.update({ where: { id: step.id }, data: { alias: step.alias } })
      return
    case 'policy.create':
      await db.managedPolicy.create({
        data: {
          id: step.id, accountId: step.accountId, name: step.name, nameKey: step.nameKey, path: step.path,
          description: step.description, defaultVersionId: 'v1', lastVersionNumber: 1, fromConfig,
          versions: { create: { versionId: 'v1', document: step.document } },
        },
      })
      return
    case 'policy.update': {
      const { newVersion } = step
      if (newVersion?.dropVersionId) {
        await db.policyVersion.delete({ where: { policyId_versionId: { policyId: step.id, versionId: newVersion.dropVersionId } } })
      }
      if (newVersion) await db.policyVersion.create({ data: { policyId: step.id, versionId: newVersion.versionId, document: newVersion.document } })
      await db.managedPolicy.update({
        where: { id: step.id },
        data: {
          name: step.name, nameKey: step.nameKey, path: step.path, description: step.description, fromConfig,
          ...(newVersion && { defaultVersionId: newVersion.versionId, lastVersionNumber: newVersion.number }),
        },
      })
      return
    }
    case 'user.create':
    case 'user.update': {
      const data = { ...step.attributes, tags: [...step.attributes.tags], fromConfig }
      if (step.type === 'user.create') await db.iamUser.create({ data: { id: step.id, accountId: step.accountId, ...data } })
      else await db.iamUser.update({ where: { id: step.id }, data })
      await writeUserLinks(db, step.id, step.links)
      return
    }
    case 'role.create':
    case 'role.update': {
      const data = { ...step.attributes, tags: [...step.attributes.tags], fromConfig }
      if (step.type === 'role.create') await db.role.create({ data: { id: step.id, accountId: step.accountId, ...data } })
      else await db.role.update({ where: { id: step.id }, data })
      await writeRoleLinks(db, step.id, step.links)
      return
    }
    case 'accessKey.create':
    case 'accessKey.update': {
      const data = { userId: step.userId, status: step.status, secretCiphertext: secrets.seal(step.secret, accessKeySecretContext(step.id)), fromConfig }
      if (step.type === 'accessKey.create') await db.accessKey.create({ data: { id: step.id, accountId: step.accountId, ...data } })
      else await db.accessKey.update({ where: { id: step.id }, data })
      return
    }
    case 'mfa.create':
    case 'mfa.update': {
      const data = {
        ...step.next,
        // The seal binds the serial number, so a new serial needs a new seal even for the same seed.
        seedCiphertext: secrets.seal(step.seed, mfaSeedContext(step.next.serialNumber)),
        fromConfig,
        ...(step.userChanged && { enabledAt: step.next.userId === null ? null : new Date() }),
        // A new seed starts a new code sequence: the last used time step belongs to the old one.
        ...(step.seedChanged && { lastUsedTimeStep: null }),
      }
      if (step.type === 'mfa.create') await db.mfaDevice.create({ data: { accountId: step.accountId, ...data } })
      else await db.mfaDevice.update({ where: { serialNumber: step.serialNumber }, data })
      return
    }
    case 'saml.create':
    case 'saml.update': {
      const data = { ...step.attributes, signingCertificates: [...step.attributes.signingCertificates], fromConfig }
      if (step.type === 'saml.create') await db.samlProvider.create({ data: { arn: step.arn, accountId: step.accountId, ...data } })
      else await db.samlProvider.update({ where: { arn: step.arn }, data })
      return
    }
    case 'oidc.create':
    case 'oidc.update': {
      const data = { url: step.attributes.url, clientIds: [...step.attributes.clientIds], thumbprints: [...step.attributes.thumbprints], fromConfig }
      if (step.type === 'oidc.create') await db.oidcProvider.create({ data: { arn: step.arn, accountId: step.accountId, ...data } })
      else await db.oidcProvider.update({ where: { arn: step.arn }, data })
      return
    }
    case 'rule.create':
    case 'rule.update': {
      const { predicate, roleArns, sessionTags, ...rest } = step.attributes
      // The predicate and tags are plain JSON checked by the schema; Prisma's JSON input type wants mutable records.
      const data = { ...rest, predicate: predicate as object, roleArns: [...roleArns], sessionTags: { ...sessionTags }, fromConfig }
      if (step.type === 'rule.create') await db.mappingRule.create({ data: { accountId: step.accountId, ...data } })
      else await db.mappingRule.update({ where: { id: step.id }, data })
      return
    }
    case 'delete':
      await deleteRow(db, step.table, step.key)
      return
  }
}

async function writeUserLinks(db: ApplyDb, userId: string, links: PolicyLinks): Promise<void> {
  const names = [...links.dropInline, ...links.putInline.map((policy) => policy.name)]
  if (names.length > 0) await db.userInlinePolicy.deleteMany({ where: { userId, name: { in: names } } })
  if (links.putInline.length > 0) await db.userInlinePolicy.createMany({ data: links.putInline.map((policy) => ({ userId, ...policy })) })
  if (links.detach.length > 0) await db.userPolicyAttachment.deleteMany({ where: { userId, policyId: { in: [...links.detach] } } })
  if (links.attach.length > 0) await db.userPolicyAttachment.createMany({ data: links.attach.map((policyId) => ({ userId, policyId })) })
}

async function writeRoleLinks(db: ApplyDb, roleId: string, links: PolicyLinks): Promise<void> {
  const names = [...links.dropInline, ...links.putInline.map((policy) => policy.name)]
  if (names.length > 0) await db.roleInlinePolicy.deleteMany({ where: { roleId, name: { in: names } } })
  if (links.putInline.length > 0) await db.roleInlinePolicy.createMany({ data: links.putInline.map((policy) => ({ roleId, ...policy })) })
  if (links.detach.length > 0) await db.rolePolicyAttachment.deleteMany({ where: { roleId, policyId: { in: [...links.detach] } } })
  if (links.attach.length > 0) await db.rolePolicyAttachment.createMany({ data: links.attach.map((policyId) => ({ roleId, policyId })) })
}

// Children are gone by the time a parent is deleted (the plan orders deletes); the cascades on
// inline policies, attachments and policy versions remove what belongs to the row itself.
async function deleteRow(db: ApplyDb, table: DeletableTable, key: string): Promise<void> {
  switch (table) {
    case 'mappingRule': await db.mappingRule.delete({ where: { id: key } }); return
    case 'samlProvider': await db.samlProvider.delete({ where: { arn: key } }); return
    case 'oidcProvider': await db.oidcProvider.delete({ where: { arn: key } }); return
    case 'accessKey': await db.accessKey.delete({ where: { id: key } }); return
    case 'mfaDevice': await db.mfaDevice.delete({ where: { serialNumber: key } }); return
    case 'user': await db.iamUser.delete({ where: { id: key } }); return
    case 'role': await db.role.delete({ where: { id: key } }); return
    case 'managedPolicy': await db.managedPolicy.delete({ where: { id: key } }); return
    case 'account': await db.account.delete({ where: { id: key } }); return
  }
}
