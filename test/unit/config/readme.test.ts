import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { settings } from '../../../src/config/schema.ts'

describe('README configuration table', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const rows = new Map([...readme.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)].map((row) => [row[1]!, row[2]!.trim()]))

  it('lists exactly the settings the schema reads', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(settings).sort())
  })

  it.each(Object.entries(settings))('documents the default of %s', (name, setting) => {
    const fallback = setting.schema.parse(undefined)
    const documented = rows.get(name)
    if (name === 'STSGATE_PUBLIC_URL') expect(documented).toBe('`http://localhost:PORT`')
    else expect(documented).toBe(fallback === undefined ? 'unset' : `\`${String(fallback)}\``)
  })
})
