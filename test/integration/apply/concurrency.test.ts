import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exampleYaml } from '../../fixtures/apply/base-config.ts'
import { backend } from '../../support/database.ts'
import { openApplyHarness, type ApplyHarness } from './apply-harness.ts'

describe(`concurrent applies on ${backend}`, () => {
  let harness: ApplyHarness
  beforeEach(async () => { harness = await openApplyHarness() })
  afterEach(async () => { await harness.database.close() })

  it('run one after the other: the second sees what the first committed', async () => {
    // As when two instances start with the same STSGATE_CONFIG.
    const results = await Promise.all([harness.apply(exampleYaml), harness.apply(exampleYaml)])
    expect(results.map((result) => result.changes.length).sort()).toEqual([0, 11])
    expect(await harness.prisma.iamUser.count()).toBe(1)
  })
})
