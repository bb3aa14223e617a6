import { randomBytes } from 'node:crypto'
import type { SealingKey } from '../credentials/sealed-envelope.ts'
import type { KeyRing, KeyRingEntry } from './key-ring.ts'

/** Key-ring purposes of stsgate's AES-256-GCM sealing keys. */
export type SealingPurpose = 'session-token' | 'authorization-message'

// A key id the cache does not know is looked up again at most this often, so a flood of forged
// key ids costs one read per second, while a key another instance just created (two instances
// starting together on an empty key ring each create one) is found within a second.
const RELOAD_MS = 1_000
// Another process may rotate: the active key is re-read this often.
const ACTIVE_TTL_MS = 60_000

/**
 * The sealing keys of one purpose, read from the key ring and cached: sealing uses the newest
 * unretired key; opening finds any key, retired or not, by the id the sealed value carries.
 */
export class SealingKeys {
  #byId = new Map<string, SealingKey>()
  #active: SealingKey
  #loadedAt: number

  private constructor(
    private readonly keyRing: KeyRing,
    private readonly purpose: SealingPurpose,
    private readonly now: () => number,
    entries: readonly KeyRingEntry[],
    active: KeyRingEntry,
  ) {
    this.#active = toSealingKey(active)
    this.#loadedAt = now()
    this.#remember(entries)
  }

  /** Loads the purpose's keys, creating the first active key when there is none. */
  static async open(keyRing: KeyRing, purpose: SealingPurpose, now: () => number = Date.now): Promise<SealingKeys> {
    const active = await keyRing.activeKey(purpose, () => newKey(purpose))
    return new SealingKeys(keyRing, purpose, now, await keyRing.keys(purpose), active)
  }

  /** The key new values are sealed with. */
  async active(): Promise<SealingKey> {
    if (this.now() - this.#loadedAt > ACTIVE_TTL_MS) await this.#reload()
    return this.#active
  }

  /** The key with this id, or undefined when the key ring has none. */
  async find(id: string): Promise<SealingKey | undefined> {
    const known = this.#byId.get(id)
    if (known || this.now() - this.#loadedAt < RELOAD_MS) return known
    await this.#reload()
    return this.#byId.get(id)
  }

  async #reload(): Promise<void> {
    this.#loadedAt = this.now()
    const entries = await this.keyRing.keys(this.purpose)
    // Every key retired (a rotation in progress elsewhere): make the new one rather than keep
    // sealing with a retired key.
    const active = entries.find((entry) => entry.retiredAt === null) ?? await this.keyRing.activeKey(this.purpose, () => newKey(this.purpose))
    this.#remember(entries.includes(active) ? entries : [active, ...entries])
    this.#active = toSealingKey(active)
  }

  /**
   * Retires the active key and makes a new one: new values are sealed with it at once here, and
   * within a minute on other instances; values sealed before keep opening with the retired key.
   */
  async rotate(): Promise<SealingKey> {
    await this.keyRing.retire(this.#active.id)
    await this.#reload()
    return this.#active
  }

  #remember(entries: readonly KeyRingEntry[]): void {
    this.#byId = new Map(entries.map((entry) => [entry.id, toSealingKey(entry)]))
  }
}

function newKey(purpose: SealingPurpose) {
  return { id: `${purpose === 'session-token' ? 'st' : 'am'}-${randomBytes(8).toString('hex')}`, algorithm: 'A256GCM', material: randomBytes(32).toString('base64') }
}

function toSealingKey(entry: KeyRingEntry): SealingKey {
  return { id: entry.id, key: Buffer.from(entry.material, 'base64') }
}
