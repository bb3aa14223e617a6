import type { PrismaClient } from '../generated/prisma/client.ts'
import type { SecretBox } from './secret-box.ts'
import { keyRingMaterialContext as materialContext } from './secret-contexts.ts'

export interface KeyRingEntry {
  readonly id: string
  readonly purpose: string
  readonly algorithm: string
  /** The secret material, opened. Never log it. */
  readonly material: string
  readonly publicMaterial: string | null
  readonly createdAt: Date
  readonly retiredAt: Date | null
}

export interface NewKey {
  readonly id: string
  readonly algorithm: string
  readonly material: string
  readonly publicMaterial?: string
}

/**
 * stsgate's own sealing and signing keys, sealed under the master key. New material is used
 * from the active key of a purpose; retired keys still open what they sealed, so rotating never
 * invalidates live sessions.
 */
export class KeyRing {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secrets: SecretBox,
  ) {}

  /** The newest unretired key of a purpose, created with `generate()` when there is none. */
  async activeKey(purpose: string, generate: () => NewKey): Promise<KeyRingEntry> {
    const found = await this.prisma.keyRingKey.findFirst({
      where: { purpose, retiredAt: null },
      orderBy: { createdAt: 'desc' },
    })
    if (found) return this.#open(found)
    return this.add(purpose, generate())
  }

  async add(purpose: string, key: NewKey): Promise<KeyRingEntry> {
    const row = await this.prisma.keyRingKey.create({
      data: {
        id: key.id,
        purpose,
        algorithm: key.algorithm,
        materialCiphertext: this.secrets.seal(key.material, materialContext(key.id)),
        publicMaterial: key.publicMaterial ?? null,
      },
    })
    return this.#open(row)
  }

  /** Every key of a purpose, active and retired, newest first (to open what any of them sealed). */
  async keys(purpose: string): Promise<KeyRingEntry[]> {
    const rows = await this.prisma.keyRingKey.findMany({ where: { purpose }, orderBy: { createdAt: 'desc' } })
    return rows.map((row) => this.#open(row))
  }

  async retire(id: string, at = new Date()): Promise<void> {
    await this.prisma.keyRingKey.update({ where: { id }, data: { retiredAt: at } })
  }

  #open(row: { id: string; purpose: string; algorithm: string; materialCiphertext: string; publicMaterial: string | null; createdAt: Date; retiredAt: Date | null }): KeyRingEntry {
    const { materialCiphertext, ...rest } = row
    return { ...rest, material: this.secrets.open(materialCiphertext, materialContext(row.id)) }
  }
}
