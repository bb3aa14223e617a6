import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backend } from '../../support/database.ts'
import { pythonClients } from '../../support/python-clients.ts'
import { ROOT, startStsTestServer, type StsTestServer } from '../../support/sts-server.ts'

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

/**
 * The README's `readme-commands` block, as commands (continuation lines joined) each with the
 * output README shows under it (its `# ` lines), whitespace-normalised. The `export` line is the
 * reader's own key: the test signs with the test account's root key instead.
 */
function readmeCommands(): Array<{ command: string; shown: string[] }> {
  const block = /<!-- readme-commands[^\n]*\n```sh\n([\s\S]*?)\n```/.exec(README)?.[1]
  if (!block) throw new Error('README has no readme-commands block')
  const commands: Array<{ command: string; shown: string[] }> = []
  for (const line of block.replace(/\\\n\s*/g, '').split('\n')) {
    if (line.startsWith('aws ')) commands.push({ command: line, shown: [] })
    else if (line.startsWith('# ') && commands.length > 0 && /^\S+\s+\S+$/.test(line.slice(2).trim())) commands.at(-1)!.shown.push(line.slice(2).trim())
  }
  return commands
}

const normalised = (text: string) => text.trim().split('\n').map((line) => line.trim().split(/\s+/).join(' '))

describe(`the IAM commands README shows, run with the aws CLI against a server on ${backend}`, () => {
  let server: StsTestServer
  let clients: Awaited<ReturnType<typeof pythonClients>>
  beforeAll(async () => {
    server = await startStsTestServer('accounts: [{ id: "123456789012" }]')
    clients = await pythonClients(server.url)
  })
  afterAll(async () => {
    await server?.close()
    await clients?.close()
  })

  it('work, and print what README says they print', async () => {
    const commands = readmeCommands()
    expect(commands.map(({ command }) => command.split(' ').slice(0, 3).join(' '))).toEqual([
      'aws iam create-role', 'aws iam put-role-policy', 'aws iam simulate-principal-policy', 'aws iam simulate-custom-policy',
    ])
    for (const { command, shown } of commands) {
      const { stdout } = await clients.shell(command.replaceAll('http://127.0.0.1:8080', server.url), ROOT)
      if (command.startsWith('aws iam create-role')) {
        expect(JSON.parse(stdout).Role).toMatchObject({ RoleName: 'app-reader', Arn: 'arn:aws:iam::123456789012:role/app-reader' })
      }
      if (shown.length > 0) expect(normalised(stdout)).toEqual(shown.map((line) => line.split(/\s+/).join(' ')))
    }
  })
})
