/**
 * Who a session cookie or API token belongs to, remembered for a few seconds per server. Without it every
 * request starts with a lookup statement, and on these machines a statement costs the server more in its
 * socket write than PostgreSQL spends answering it (bench/README.md). Any sign-out, password change, token
 * revocation or user change clears the whole cache in every instance (SignedInUsers, through instance
 * news), so they take effect at once everywhere; `maxAgeMs` bounds what a lost notice could leave behind.
 * Unknown secrets are never cached.
 */
export class SignedInCache<T extends object> {
  readonly #entries = new Map<string, { value: T; cachedAt: number }>();
  #generation = 0;

  constructor(
    private readonly maxAgeMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(secretHash: string, now: number): T | undefined {
    const entry = this.#entries.get(secretHash);
    if (!entry) return undefined;
    const expiresAt = (entry.value as { expires_at?: unknown }).expires_at;
    const expired = expiresAt instanceof Date && expiresAt.getTime() <= now;
    if (expired || now - entry.cachedAt >= this.maxAgeMs) {
      this.#entries.delete(secretHash);
      return undefined;
    }
    return entry.value;
  }

  /** Changes at every clear(); read it before a lookup and pass it to set(). */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Remembers a lookup, unless the cache was cleared while it ran (`generation` is the one read before it):
   * the lookup may have read the row just before the change that cleared it, and would keep it alive.
   */
  set(secretHash: string, value: T, now: number, generation = this.#generation): void {
    if (generation !== this.#generation) return;
    if (this.#entries.size >= this.maxEntries) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(secretHash, { value, cachedAt: now });
  }

  /** Someone signed out, a token was revoked or a user changed. */
  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
