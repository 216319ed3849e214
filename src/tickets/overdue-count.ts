/**
 * The "overdue" number of GET /tickets/stats, kept for a few seconds per server. Unlike the other totals it
 * depends on the clock (a ticket becomes overdue by time passing), so no trigger can keep it; counting it is
 * a walk over every overdue entry of tickets_open_due_idx (57,000 at a million tickets: 3.5 ms), which the
 * dashboard would repeat on every refresh of every agent. This server's own ticket writes clear it at once;
 * another instance's writes, and tickets crossing their due date, show within `maxAgeMs`.
 */
export class OverdueCount {
  #value: { n: number; countedAt: number } | undefined;
  #counting: Promise<number> | undefined;
  #generation = 0;

  constructor(private readonly maxAgeMs = 10_000) {}

  /** The cached number while fresh; otherwise one count shared by every caller asking meanwhile. */
  async get(count: () => Promise<number>, now = Date.now()): Promise<number> {
    if (this.#value && now - this.#value.countedAt < this.maxAgeMs) return this.#value.n;
    if (!this.#counting) {
      const generation = this.#generation;
      this.#counting = count()
        .then((n) => {
          // A write that landed while counting may not be in n: keep it only if nothing changed since.
          if (generation === this.#generation) this.#value = { n, countedAt: now };
          return n;
        })
        .finally(() => {
          this.#counting = undefined;
        });
    }
    return this.#counting;
  }

  /** A ticket changed on this server: the next request counts again. */
  invalidate(): void {
    this.#generation += 1;
    this.#value = undefined;
  }
}
