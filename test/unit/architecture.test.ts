import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full)
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full)] : []
  })

describe('architecture', () => {
  it('lets only src/storage import Prisma', () => {
    const importsPrisma = (file: string) =>
      /from '(@prisma\/|[./]+\/generated\/prisma\/|pglite-prisma-adapter)/.test(readFileSync(path.join(SRC, file), 'utf8'))
    expect(sourceFiles(SRC).filter((file) => !file.startsWith('storage/') && importsPrisma(file))).toEqual([])
  })

  it('reads the environment nowhere in src (bin/stsgate.mjs passes it in)', () => {
    const code = (file: string) => readFileSync(path.join(SRC, file), 'utf8').split('\n').filter((line) => !/^\s*(\*|\/\/)/.test(line))
    const readers = sourceFiles(SRC).filter((file) => code(file).some((line) => line.includes('process.env')))
    expect(readers).toEqual([])
  })
})
