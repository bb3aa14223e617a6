import { changedFields, created, updated } from './plan-builder.ts'
import { indexBy, type AccountContext } from './plan-context.ts'

/**
 * Access keys, matched by id. A key id is global: one that exists in another account is refused
 * rather than moved. Compares the opened stored secret, so an unchanged key is not re-sealed.
 */
export function planAccessKeys(ctx: AccountContext): void {
  const accountId = ctx.desired.id
  const stored = indexBy(ctx.current.accessKeys, (row) => row.id)
  for (const key of ctx.desired.accessKeys) {
    const owner = ctx.snapshot.accessKeyAccounts.get(key.id)
    if (owner !== undefined && owner !== accountId) {
      ctx.plan.report(key.at, `access key ${key.id} already belongs to account ${owner}`)
      continue
    }
    const userId = key.userNameKey === null ? null : ctx.userIds.get(key.userNameKey)!
    const existing = stored.get(key.id)
    const step = { accountId, id: key.id, userId, secret: key.secret, status: key.status }
    if (!existing) {
      ctx.plan.add('credentials', { type: 'accessKey.create', ...step, change: created('access-key', key.id) })
      continue
    }
    const fields = changedFields({
      user: existing.userId !== userId,
      status: existing.status !== key.status,
      secret: existing.secret !== key.secret,
      fromConfig: !existing.fromConfig,
    })
    if (fields.length > 0) ctx.plan.add('credentials', { type: 'accessKey.update', ...step, change: updated('access-key', key.id, fields) })
  }
}

/**
 * Virtual MFA devices, matched by name ignoring case. A new path or name changes the serial
 * number (the device's ARN), and with it the context its seed is sealed under.
 */
export function planMfaDevices(ctx: AccountContext): void {
  const accountId = ctx.desired.id
  const stored = indexBy(ctx.current.mfaDevices, (row) => row.nameKey)
  for (const device of ctx.desired.mfaDevices) {
    const userId = device.userNameKey === null ? null : ctx.userIds.get(device.userNameKey)!
    const next = { serialNumber: device.serialNumber, name: device.name, nameKey: device.nameKey, path: device.path, userId }
    const existing = stored.get(device.nameKey)
    if (!existing) {
      ctx.plan.add('credentials', {
        type: 'mfa.create', accountId, serialNumber: device.serialNumber, next, seed: device.seed,
        seedChanged: true, userChanged: userId !== null, change: created('mfa-device', device.serialNumber),
      })
      continue
    }
    const changes = {
      name: existing.name !== device.name,
      path: existing.path !== device.path,
      seed: existing.seed !== device.seed,
      user: existing.userId !== userId,
      fromConfig: !existing.fromConfig,
    }
    const fields = changedFields(changes)
    if (fields.length === 0) continue
    ctx.plan.add('credentials', {
      type: 'mfa.update', accountId, serialNumber: existing.serialNumber, next, seed: device.seed,
      seedChanged: changes.seed, userChanged: changes.user, change: updated('mfa-device', device.serialNumber, fields),
    })
  }
}
