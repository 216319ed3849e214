import { TooManyRequestsError } from "../shared/errors.js";

/**
 * Counts failed sign-ins per email and per IP in a sliding window (10 per 15 minutes by
 * default). In memory, per instance: with N instances an attacker gets N× the budget,
 * which still turns a password guess into months; a shared store can replace this later.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Throws 429 while either key is over the limit. */
  check(keys: string[], now = Date.now()): void {
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limit) {
        const oldest = recent[0] ?? now;
        const retryAfter = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
        throw new TooManyRequestsError("Too many failed sign-in attempts; try again later", retryAfter);
      }
    }
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
