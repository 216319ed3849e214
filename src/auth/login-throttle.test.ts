import { describe, expect, it } from "vitest";
import { openPostgres } from "../db/database.js";
import { describeEachEngine, freshPostgresUrl, hasPostgres } from "../test/databases.js";
import {
  decideSignInAttempt,
  recordFailedSignIn,
  recordSignedIn,
  startSignInAttempt,
} from "./login-throttle.js";

const limits = { limit: 3, windowMs: 1_000 };

describe("decideSignInAttempt", () => {
  it("allows an attempt while every key has fewer than `limit` others in the window", () => {
    expect(decideSignInAttempt([[0, 100], []], 300, limits)).toEqual({ allowed: true });
    expect(decideSignInAttempt([[0, 100, 200]], 300, limits)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it("forgets attempts older than the window", () => {
    expect(decideSignInAttempt([[0, 100, 200]], 1_000, limits)).toEqual({ allowed: true });
  });

  it("waits until enough attempts have left the window, for the fullest key", () => {
    const windowMs = 60_000;
    const full = [0, 10_000, 20_000, 30_000];
    // Four in the window, limit 3: two must leave it, so the second oldest decides (10 s + 60 s).
    expect(decideSignInAttempt([full], 31_000, { limit: 3, windowMs })).toEqual({
      allowed: false,
      retryAfterSeconds: 39,
    });
    expect(decideSignInAttempt([[30_000, 30_000, 30_000], full], 31_000, { limit: 3, windowMs })).toEqual({
      allowed: false,
      retryAfterSeconds: 59,
    });
  });

  it("uses 10 per 15 minutes by default", () => {
    const nine = Array.from({ length: 9 }, (_, i) => i);
    expect(decideSignInAttempt([nine], 100).allowed).toBe(true);
    expect(decideSignInAttempt([[...nine, 9]], 100)).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });
});

describeEachEngine("sign-in attempts in the database", (use) => {
  const keys = (n: number) => [`email:user${n}@example.com`, `ip:192.0.2.${n}`];
  const rows = (key: string) =>
    use().db.selectFrom("login_failures").select("failed_at").where("key", "=", key).execute();

  it("refuses the attempt after `limit` failures with Retry-After, and keeps no row for it", async () => {
    const { db } = use();
    const now = new Date();
    for (let i = 0; i < 3; i++) {
      await startSignInAttempt(db, keys(1), now, limits);
      await recordFailedSignIn(db, now, limits);
    }
    await expect(startSignInAttempt(db, keys(1), now, limits)).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 1,
    });
    expect(await rows("email:user1@example.com")).toHaveLength(3);
    // Another email from the same IP is refused too; another IP with another email is not.
    await expect(
      startSignInAttempt(db, ["email:x@example.com", "ip:192.0.2.1"], now, limits),
    ).rejects.toThrow(/Too many/);
    await startSignInAttempt(db, keys(2), now, limits);
    // Once the window has passed there is room again, and the next failure prunes the old rows.
    const later = new Date(now.getTime() + 1_000);
    await startSignInAttempt(db, keys(1), later, limits);
    await recordFailedSignIn(db, later, limits);
    expect(await rows("email:user1@example.com")).toHaveLength(1);
  });

  it("clears the email's failures on success, not the IP's", async () => {
    const { db } = use();
    const now = new Date();
    for (let i = 0; i < 2; i++) await startSignInAttempt(db, keys(3), now, limits);
    const attempt = await startSignInAttempt(db, keys(3), now, limits);
    await recordSignedIn(db, attempt, "email:user3@example.com");
    expect(await rows("email:user3@example.com")).toEqual([]);
    expect(await rows("ip:192.0.2.3")).toHaveLength(2);
  });
});

describe.runIf(hasPostgres())("sign-in attempts racing on two instances [postgres]", () => {
  it("never lets more than `limit` attempts through", async () => {
    const url = await freshPostgresUrl();
    const a = await openPostgres(url, 10);
    const b = await openPostgres(url, 10);
    try {
      const now = new Date();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          startSignInAttempt((i % 2 ? a : b).db, keys10, now, {
            limit: 10,
            windowMs: 60_000,
          }),
        ),
      );
      const allowed = outcomes.filter((o) => o.status === "fulfilled").length;
      expect(allowed).toBeLessThanOrEqual(10);
      // Attempts racing for the last places may all be refused (never all allowed); a refused one leaves no
      // row, so the burst does not lock the key out: the next attempt gets through when the burst allowed none.
      if (allowed === 0) await startSignInAttempt(a.db, keys10, now, { limit: 10, windowMs: 60_000 });
      expect(
        outcomes.filter((o) => o.status === "rejected").map((o) => (o.reason as { status?: number }).status),
      ).toEqual(Array(40 - allowed).fill(429));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

const keys10 = ["email:raced@example.com", "ip:203.0.113.9"];
