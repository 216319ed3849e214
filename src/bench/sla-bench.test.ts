import { describe, expect, test } from "vitest";
import { quietInstant, statementTotals, summarize, sweepOnly } from "./sla-bench.js";

const at = (iso: string) => new Date(iso);

describe("sla bench helpers", () => {
  test("the quiet instant: now, unless a check or an auto-close comes due before", () => {
    const now = at("2026-12-07T12:00:00Z");
    expect(quietInstant({ now, nextCheck: null, oldestResolved: null, autoCloseDays: 4 })).toEqual(now);
    expect(
      quietInstant({ now, nextCheck: at("2026-12-07T13:00:00Z"), oldestResolved: null, autoCloseDays: 4 }),
    ).toEqual(now);
    // The claim takes checks ≤ now: one millisecond before the earliest.
    expect(
      quietInstant({ now, nextCheck: at("2026-12-07T11:00:00Z"), oldestResolved: null, autoCloseDays: 4 }),
    ).toEqual(at("2026-12-07T10:59:59.999Z"));
    // The auto-close takes resolutions < now − days: exactly resolution + days is still quiet.
    expect(
      quietInstant({
        now,
        nextCheck: at("2026-12-07T11:00:00Z"),
        oldestResolved: at("2026-12-03T10:00:00Z"),
        autoCloseDays: 4,
      }),
    ).toEqual(at("2026-12-07T10:00:00Z"));
    expect(
      quietInstant({ now, nextCheck: null, oldestResolved: at("2026-12-01T00:00:00Z"), autoCloseDays: null }),
    ).toEqual(now);
  });

  test("nearest-rank summary of a few timings", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(summarize(twenty)).toEqual({ n: 20, min: 1, median: 10, p95: 19, max: 20 });
    expect(summarize([7])).toEqual({ n: 1, min: 7, median: 7, p95: 7, max: 7 });
    expect(summarize([]).n).toBe(0);
  });

  test("the sweep's statements are those from its first claim to its last auto-close", () => {
    const claim =
      'select "t"."id" from "tickets" as "t" where "t"."sla_next_check_at" <= $1 for update skip locked';
    const statements = [
      { sql: "select id from tickets where sla_next_due_at < $1", ms: 1 },
      { sql: "update tickets set sla_resolution_notice = 'warning'", ms: 1 },
      { sql: claim, ms: 2 },
      { sql: "update tickets t set first_response_due_at = p.first_response_due_at", ms: 5 },
      { sql: claim, ms: 1 },
      { sql: 'select "auto_close_after_days" from "app_settings"', ms: 1 },
      { sql: "with due as (select id from tickets where status = 'resolved')", ms: 3 },
      { sql: "select (select count(*)::int from ticket_events) as events", ms: 4 },
    ];
    expect(sweepOnly(statements).map((s) => s.ms)).toEqual([2, 5, 1, 1, 3]);
    expect(sweepOnly(statements.slice(0, 2))).toEqual([]);
    expect(statementTotals(sweepOnly(statements))).toEqual([
      { sql: "update tickets t set first_response_due_at = p.first_response_due_at", n: 1, ms: 5 },
      { sql: claim.slice(0, 100), n: 2, ms: 3 },
      { sql: "with due as (select id from tickets where status = 'resolved')", n: 1, ms: 3 },
      { sql: 'select "auto_close_after_days" from "app_settings"', n: 1, ms: 1 },
    ]);
  });
});
