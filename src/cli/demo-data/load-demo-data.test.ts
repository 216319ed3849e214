import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../auth/password.js";
import { ticketPriorities, ticketStatuses } from "../../db/schema.js";
import { describeEachEngine } from "../../test/databases.js";
import { ticketDataCoverage, ticketDataViolations } from "./demo-checks.repository.js";
import { DemoTicketNumbers } from "./demo-numbers.js";
import { probeTicketCount, searchProbes } from "./demo-text.js";
import { demoAgentPassword, loadDemoData } from "./load-demo-data.js";
import { createRandom, timeOrderedId } from "./random.js";

const timeZone = "Asia/Bangkok";
// Real time: the checks compare with the database clock.
const now = new Date();

describeEachEngine("loadDemoData", (use) => {
  it("loads consistent tickets in every status, priority and category, dated in the time zone", async () => {
    const { db } = use();
    const summary = await loadDemoData(db, { tickets: 400, timeZone, now, seed: "test", bulkMode: false });
    expect(summary).toMatchObject({ tickets: 400, companies: 12 });
    expect(summary.admin?.email).toBe("admin@ticketdesk.example");

    const violations = await ticketDataViolations(db, timeZone);
    expect(Object.entries(violations).filter(([, n]) => n !== 0)).toEqual([]);
    const coverage = await ticketDataCoverage(db);
    expect(coverage.statuses).toEqual([...ticketStatuses]);
    expect(coverage.priorities).toEqual([...ticketPriorities]);
    expect(coverage.categories).toHaveLength(6);
    expect(coverage.overdue).toBeGreaterThan(0);
    expect(coverage.internal_notes).toBeGreaterThan(0);
    expect(coverage.public_replies).toBeGreaterThan(coverage.internal_notes);
  });

  it("has agents in every team who sign in with the demo password, and an admin with the printed one", async () => {
    const { db } = use();
    const teams = await db
      .selectFrom("teams")
      .leftJoin("users", (join) =>
        join.onRef("users.team_id", "=", "teams.id").on("users.role", "=", "agent"),
      )
      .select(["teams.name", sql<number>`count(users.id)::int`.as("agents")])
      .groupBy("teams.name")
      .execute();
    expect(teams.every((t) => t.agents >= 3)).toBe(true);
    const agent = await db
      .selectFrom("users")
      .selectAll()
      .where("role", "=", "agent")
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(agent.password_hash, demoAgentPassword)).toBe(true);
  });

  it("plants search words in exactly the advertised number of tickets", async () => {
    const { db } = use();
    for (const probe of searchProbes.slice(0, 2)) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from tickets
        where to_tsvector('english', description) @@ plainto_tsquery('english', ${probe.word})`.execute(db);
      expect(rows[0]?.n).toBe(probeTicketCount(probe, 400));
    }
  });

  it("leaves the day counters so the next ticket continues without a gap", async () => {
    const { db } = use();
    const latest = await db
      .selectFrom("tickets")
      .select(["ticket_number", "created_at"])
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    const day = new DemoTicketNumbers(timeZone).day(latest.created_at);
    // What the app's ticket creation does to draw a number.
    const { rows } = await sql<{ last: number }>`
      insert into ticket_counters (day, last) values (${day}::date, 1)
      on conflict (day) do update set last = ticket_counters.last + 1 returning last`.execute(db);
    expect(rows[0]?.last).toBe(Number(latest.ticket_number.split("-")[2]) + 1);
  });

  it("refuses to load demo data twice", async () => {
    await expect(loadDemoData(use().db, { tickets: 5, timeZone, now })).rejects.toThrow(/already loaded/);
  });
});

describeEachEngine("loadDemoData in bulk mode", (use) => {
  const tables = sql`('tickets'::regclass, 'ticket_comments'::regclass, 'ticket_events'::regclass)`;

  it("restores every index, foreign key and trigger it suspended; data and counts stay consistent", async () => {
    const { db } = use();
    const catalog = async () =>
      (
        await sql<{ definition: string }>`
          select pg_get_indexdef(indexrelid) as definition from pg_index where indrelid in ${tables}
          union all
          select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where conrelid in ${tables}
          union all
          select tgname || ' enabled=' || tgenabled::text from pg_trigger where not tgisinternal and tgrelid in ${tables}
          order by 1`.execute(db)
      ).rows.map((r) => r.definition);
    const before = await catalog();
    await loadDemoData(db, { tickets: 300, timeZone: "UTC", now, bulkMode: true });
    expect(await catalog()).toEqual(before);
    const violations = await ticketDataViolations(db, "UTC");
    expect(Object.values(violations).every((n) => n === 0)).toBe(true);
    // The per-status counts, kept by a trigger bulk mode switched off, are recomputed.
    const { rows } = await sql<{ stale: number }>`
      select count(*)::int as stale from ticket_counts c
      where c.n <> (select count(*) from tickets t where t.status = c.status and t.priority = c.priority
        and t.assigned_team is not distinct from c.assigned_team and (t.assigned_to is not null) = c.assigned)`.execute(
      db,
    );
    expect(rows[0]?.stale).toBe(0);
    // So are each ticket's comment counts (migration 0013), whose trigger bulk mode also switched off.
    const activity = await sql<{ stale: number }>`
      select count(*)::int as stale from tickets t
      where t.comments_count <> (select count(*) from ticket_comments c where c.ticket_id = t.id and not c.is_internal)
         or t.internal_notes_count <> (select count(*) from ticket_comments c where c.ticket_id = t.id and c.is_internal)`.execute(
      db,
    );
    expect(activity.rows[0]?.stale).toBe(0);
    const { rows: withComments } = await sql<{ n: number }>`
      select count(*)::int as n from tickets where comments_count > 0`.execute(db);
    expect(withComments[0]?.n).toBeGreaterThan(0);
  });
});

describe("demo generator", () => {
  it("is deterministic for a seed", () => {
    const a = createRandom("seed");
    const b = createRandom("seed");
    const c = createRandom("other");
    const draw = (r: typeof a) => Array.from({ length: 5 }, () => r.int(0, 1_000_000));
    expect(draw(a)).toEqual(draw(b));
    expect(draw(createRandom("seed"))).not.toEqual(draw(c));
  });

  it("makes version 7 ids that sort by their instant", () => {
    const rng = createRandom(1);
    const early = timeOrderedId(rng, Date.UTC(2026, 0, 1));
    const late = timeOrderedId(rng, Date.UTC(2026, 0, 2));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early < late).toBe(true);
  });

  it("numbers tickets per day in the time zone, continuing existing counters and widening past 9999", () => {
    const numbers = new DemoTicketNumbers("Asia/Bangkok", new Map([["2026-11-24", 9_998]]));
    expect(numbers.next(new Date("2026-11-23T16:59:00Z"))).toBe("T-20261123-0001");
    expect(numbers.next(new Date("2026-11-23T17:00:00Z"))).toBe("T-20261124-9999");
    expect(numbers.next(new Date("2026-11-23T23:30:00Z"))).toBe("T-20261124-10000");
    expect(numbers.changedCounters()).toEqual([
      { day: "2026-11-23", last: 1 },
      { day: "2026-11-24", last: 10_000 },
    ]);
  });
});
