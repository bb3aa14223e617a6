/**
 * A bounded map whose entries are trusted for `ttlMs`: what lets a busy client cost one database
 * read per few seconds. A change in IAM (a policy edit, a revocation) takes effect within the TTL.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { readonly value: V; readonly until: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now()
    const cached = this.#entries.get(key)
    if (cached && cached.until > now) return cached.value
    const value = await load()
    if (this.#entries.size >= this.limit) this.#entries.clear()
    this.#entries.set(key, { value, until: now + this.ttlMs })
    return value
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
  }
}
