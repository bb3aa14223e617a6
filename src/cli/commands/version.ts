import { readFileSync } from 'node:fs'

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

export async function runVersion(): Promise<number> {
  process.stdout.write(`stsgate ${packageVersion()}\n`)
  return 0
}
