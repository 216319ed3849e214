import { describe, expect, it } from "vitest";
import { afterFailure, defaultBackoff, mailBackoff, resolveJobType } from "./job-type.js";

const noop = async () => {};

describe("job retry policy", () => {
  it("waits the mail schedule between runs, then gives up after the sixth", () => {
    const mail = resolveJobType({ name: "mail.send", run: noop, backoff: mailBackoff });
    expect(mail.maxAttempts).toBe(6);
    const waits = [1, 2, 3, 4, 5].map((attempt) => afterFailure(mail, attempt, mail.maxAttempts));
    expect(waits).toEqual(mailBackoff.map((delayMs) => ({ retry: true, delayMs })));
    expect(afterFailure(mail, 6, mail.maxAttempts)).toEqual({ retry: false });
  });

  it("repeats the last wait when more runs are allowed than waits are listed", () => {
    const type = resolveJobType({ name: "t", run: noop, backoff: [100, 500], maxAttempts: 5 });
    expect([1, 2, 3, 4].map((a) => afterFailure(type, a, 5))).toEqual(
      [100, 500, 500, 500].map((delayMs) => ({ retry: true, delayMs })),
    );
  });

  it("defaults: five runs, a 60 s limit and a lease longer than it", () => {
    const type = resolveJobType({ name: "t", run: noop });
    expect(type.backoff).toBe(defaultBackoff);
    expect(type.maxAttempts).toBe(5);
    expect(type.timeoutMs).toBe(60_000);
    expect(type.leaseMs).toBeGreaterThan(type.timeoutMs);
  });

  it("refuses a lease no longer than the time limit, which would let two instances run one job", () => {
    expect(() => resolveJobType({ name: "t", run: noop, timeoutMs: 1_000, leaseMs: 1_000 })).toThrow(
      /leaseMs/,
    );
  });

  it("checks the payload with the type's parser before running", async () => {
    const seen: unknown[] = [];
    const type = resolveJobType({
      name: "t",
      parse: (p) => {
        if (typeof p !== "object" || p === null || !("to" in p)) throw new Error("bad payload");
        return p as { to: string };
      },
      run: async (p) => {
        seen.push(p.to);
      },
    });
    const context = { jobId: "j", attempt: 1, maxAttempts: 1, signal: new AbortController().signal };
    await type.run({ to: "a@example.com" }, context);
    await expect(async () => type.run({}, context)).rejects.toThrow("bad payload");
    expect(seen).toEqual(["a@example.com"]);
  });
});
