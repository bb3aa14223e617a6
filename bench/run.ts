// `npm run bench [-- startup|storage|policy|sts|web-identity|saml …]`: the numbers in docs/performance.md.
import { policyBenchmarks } from './policy.ts'
import { samlBenchmarks } from './saml.ts'
import { startupBenchmarks, storageBenchmarks } from './startup.ts'
import { stsBenchmarks } from './sts.ts'
import { webIdentityBenchmarks } from './web-identity.ts'

const SUITES: Record<string, () => Promise<void>> = {
  startup: startupBenchmarks,
  storage: storageBenchmarks,
  policy: policyBenchmarks,
  sts: stsBenchmarks,
  'web-identity': webIdentityBenchmarks,
  saml: samlBenchmarks,
}

const chosen = process.argv.slice(2)
const unknown = chosen.filter((name) => !(name in SUITES))
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(SUITES).join(', ')}`)
  process.exit(2)
}
console.log('| measurement | result |')
console.log('|---|---|')
for (const name of chosen.length > 0 ? chosen : Object.keys(SUITES)) await SUITES[name]!()
