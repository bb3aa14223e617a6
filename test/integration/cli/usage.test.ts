import { describe, expect, it } from 'vitest'
import { runStsgate } from '../../support/cli.ts'

const expectOneLine = (stderr: string, line: string) => {
  expect(stderr).toBe(`${line}\n`)
  expect(stderr).not.toMatch(/\n\s+at /)
}

describe('stsgate command line', () => {
  it('prints usage for --help and the version for version', async () => {
    const help = await runStsgate(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: stsgate <command> [options]')
    for (const command of ['serve', 'migrate', 'apply -f FILE [--dry-run] [--prune]', 'version']) expect(help.stdout).toContain(command)
    const version = await runStsgate(['version'])
    expect(version).toMatchObject({ code: 0, stdout: 'stsgate 0.1.0\n' })
  })

  it.each([
    [['bogus'], 'stsgate: unknown command "bogus" (see stsgate --help)'],
    [['serve', '--bogus'], 'stsgate: serve: unknown option "--bogus" (see stsgate --help)'],
    [['apply', '-f'], "stsgate: apply: Option '-f, --file <value>' argument missing (see stsgate --help)"],
    [['apply'], 'stsgate: apply: -f FILE is required (see stsgate --help)'],
    [['migrate', 'extra'], 'stsgate: migrate: unexpected argument "extra" (see stsgate --help)'],
  ])('refuses %j with one line and exit code 2', async (args, line) => {
    const run = await runStsgate(args)
    expect(run.code).toBe(2)
    expectOneLine(run.stderr, line)
  })

  it.each([
    [{ PORT: 'eighty' }, 'stsgate: invalid configuration: PORT: expected an integer between 0 and 65535 (got "eighty")'],
    [{ STSGATE_ACCOUNT_ID: '42' }, 'stsgate: invalid configuration: STSGATE_ACCOUNT_ID: expected a 12-digit AWS account id (got "42")'],
    [{ DATABASE_URL: 'sqlite:./x.db' }, 'stsgate: invalid configuration: DATABASE_URL: expected a postgres:// or postgresql:// URL (got "sqlite:./x.db")'],
  ])('stops on bad configuration %j with one line and exit code 2', async (env, line) => {
    const run = await runStsgate(['serve'], env)
    expect(run.code).toBe(2)
    expectOneLine(run.stderr, line)
  })

  it('reports an unreachable Postgres in one line, exit code 1', async () => {
    const run = await runStsgate(['migrate'], {
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
      STSGATE_MASTER_KEY: 'ab'.repeat(32),
    })
    expect(run.code).toBe(1)
    expectOneLine(run.stderr, 'stsgate: cannot use the database nowhere at 127.0.0.1:1 (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1')
  })
})
