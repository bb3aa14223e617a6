import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The XML and SAML libraries' published advisories (../shared/reference/attacks.md, section 0):
// every copy the lockfile resolves, direct or nested, must be at or past the fixed version.
const MINIMUM: Record<string, readonly [string, string]> = {
  '@node-saml/node-saml': ['5.1.0', 'CVE-2025-54369 / CVE-2025-54419: identity read from an unsigned document'],
  'xml-crypto': ['6.0.1', 'CVE-2025-29774 / CVE-2025-29775: comment in DigestValue, several SignedInfo references'],
  '@xmldom/xmldom': ['0.8.15', 'CVE-2022-39353 (several roots), CVE-2026-41673 (deep nesting), GHSA-6gmq-8vp8-gcm6'],
  'xml-encryption': ['3.0.0', 'older majors decrypt with node-forge and default to insecure algorithms'],
  jose: ['6.0.0', 'the verification behaviour pinned in test/unit/identity/errors.test.ts'],
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string }> }

function compare(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split(/[.-]/).slice(0, 3).map(Number))
  for (let i = 0; i < 3; i++) if (x![i]! !== y![i]!) return x![i]! - y![i]!
  return 0
}

describe('dependency advisories', () => {
  it.each(Object.entries(MINIMUM))('every resolved %s is at least the fixed version', (name, [minimum, why]) => {
    const copies = Object.entries(lock.packages).filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    expect(copies.length, `${name} is not in package-lock.json`).toBeGreaterThan(0)
    for (const [path, entry] of copies) expect(compare(entry.version!, minimum), `${path}@${entry.version} < ${minimum}: ${why}`).toBeGreaterThanOrEqual(0)
  })
})
