import { describe, expect, test } from "vitest";
import { bulkTables } from "../cli/demo-data/demo-data.repository.js";
import { probeTicketCount, searchProbes } from "../cli/demo-data/demo-text.js";
import type { TicketPriority, TicketStatus } from "../db/schema.js";
import { alwaysOpenCalendar } from "../sla/calendar.js";
import { dueAnnouncements, type SlaNotice } from "../sla/ticket-sla.js";
import {
  batchTables,
  commentColumns,
  Dataset,
  eventColumns,
  type Reference,
  tenCommentTicket,
  ticketColumns,
} from "./dataset.js";
import { targetsFor } from "./dataset-sla.js";

/**
 * The benchmark's data set is seed-demo's generator at volume (issue 5): these are the properties the
 * scenarios rely on and the issue asks for, checked on the COPY text the loaders send.
 */
const reference: Reference = {
  teams: ["Admin", "Finance", "Music", "Sales", "Tech"].map((name, i) => ({ id: `team-${i}`, name })),
  categories: [
    { key: "technical", default_team_id: "team-4" },
    { key: "billing", default_team_id: "team-1" },
    { key: "zone_config", default_team_id: "team-2" },
    { key: "account", default_team_id: "team-3" },
    { key: "feature_request", default_team_id: null },
    { key: "general", default_team_id: null },
  ],
  agents: Array.from({ length: 60 }, (_, i) => ({ id: `agent-${i}`, team_id: `team-${i % 5}` })),
  // Migration 0020's team-less defaults on the 24×7 calendar.
  slaPolicies: (
    [
      ["urgent", 60, 240],
      ["high", 240, 1440],
      ["medium", 480, 4320],
      ["low", 1440, 7200],
    ] as const
  ).map(([priority, first_response_minutes, resolution_minutes]) => ({
    priority,
    team_id: null,
    first_response_minutes,
    resolution_minutes,
    calendar: alwaysOpenCalendar,
  })),
};
const targetMinutes = Object.fromEntries(
  reference.slaPolicies.map((p) => [p.priority, [p.first_response_minutes, p.resolution_minutes]]),
) as Record<string, [number, number]>;

const rows = (text: string, columns: readonly string[]) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split("\t").map((v, i) => [columns[i], v === "\\N" ? null : v])));

function generate(tickets: number, slaReplay: "full" | "shortcut" = "shortcut") {
  const now = new Date("2026-12-01T12:00:00Z");
  const dataset = new Dataset(
    { tickets, companies: 100, contactsPerCompany: 10, seed: "dataset-test", now, years: 2 },
    reference,
    slaReplay,
  );
  const directory = dataset.directory();
  const batches = [dataset.batch(0, tickets / 2), dataset.batch(tickets / 2, tickets)];
  return {
    now,
    directory,
    tickets: batches.flatMap((b) => rows(b.tickets, ticketColumns)),
    comments: batches.flatMap((b) => rows(b.comments, commentColumns)),
    events: batches.flatMap((b) => rows(b.events, eventColumns)),
    counters: rows(dataset.counters(), ["day", "last"]),
  };
}

describe("bench data set", () => {
  const data = generate(10_000);

  test("a batch fills the ticket tables seed-demo's bulk load suspends checks on, tickets first", () => {
    expect(batchTables.map((t) => t.table)).toEqual([...bulkTables]);
  });

  test("10 contacts for each of the companies", () => {
    expect(data.directory.contactCount).toBe(1_000);
    expect(data.directory.companies.split("\n").filter(Boolean)).toHaveLength(100);
  });

  test("two years of tickets, about 80% resolved or closed, in every status", () => {
    const created = data.tickets.map((t) => Date.parse(t.created_at as string));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const spanDays = ((created.at(-1) ?? 0) - (created[0] ?? 0)) / 86_400_000;
    expect(spanDays).toBeGreaterThan(725);
    expect(created.at(-1)).toBeLessThan(data.now.getTime());
    const settled = data.tickets.filter((t) => t.status === "resolved" || t.status === "closed").length;
    expect(settled / data.tickets.length).toBeGreaterThan(0.76);
    expect(settled / data.tickets.length).toBeLessThan(0.84);
    expect(new Set(data.tickets.map((t) => t.status))).toEqual(
      new Set(["new", "assigned", "in_progress", "pending", "resolved", "closed"]),
    );
  });

  test("about four comments per ticket, counted on the ticket as the triggers would", () => {
    expect(data.comments.length / data.tickets.length).toBeGreaterThan(3.5);
    expect(data.comments.length / data.tickets.length).toBeLessThan(4.5);
    const byTicket = new Map<string, { public: number; internal: number }>();
    for (const c of data.comments) {
      const counts = byTicket.get(c.ticket_id as string) ?? { public: 0, internal: 0 };
      if (c.is_internal === "true") counts.internal += 1;
      else counts.public += 1;
      byTicket.set(c.ticket_id as string, counts);
    }
    for (const t of data.tickets) {
      const counts = byTicket.get(t.id as string) ?? { public: 0, internal: 0 };
      expect([Number(t.comments_count), Number(t.internal_notes_count)]).toEqual([
        counts.public,
        counts.internal,
      ]);
    }
  });

  test("every 50th ticket from index 25 has exactly ten comments (the detail scenario)", () => {
    const counts = new Map<string, number>();
    for (const c of data.comments)
      counts.set(c.ticket_id as string, (counts.get(c.ticket_id as string) ?? 0) + 1);
    const fixed = data.tickets.filter((_, i) => tenCommentTicket(i));
    expect(fixed).toHaveLength(200);
    for (const t of fixed) expect(counts.get(t.id as string)).toBe(10);
  });

  test("search words at their exact rates", () => {
    for (const probe of searchProbes) {
      const matching = data.tickets.filter((t) =>
        (t.description as string).toLowerCase().includes(probe.word),
      ).length;
      expect(matching, probe.word).toBe(probeTicketCount(probe, data.tickets.length));
    }
  });

  test("unique per-day numbers with the counters that continue them, and a history per ticket", () => {
    const numbers = data.tickets.map((t) => t.ticket_number as string);
    expect(new Set(numbers).size).toBe(numbers.length);
    const lastOfDay = new Map<string, number>();
    for (const n of numbers) {
      const [, day, seq] = /^T-(\d{8})-(\d{4})$/.exec(n) ?? [];
      lastOfDay.set(day as string, Math.max(lastOfDay.get(day as string) ?? 0, Number(seq)));
    }
    expect(
      new Map(data.counters.map((c) => [(c.day as string).replaceAll("-", ""), Number(c.last)])),
    ).toEqual(lastOfDay);
    const created = new Set(data.events.filter((e) => e.type === "created").map((e) => e.ticket_id));
    expect(created.size).toBe(data.tickets.length);
  });

  describe("SLA columns as the app would have left them by now", () => {
    const minute = 60_000;
    const time = (v: unknown) => Date.parse(v as string);
    const done = (t: Record<string, unknown>) => t.status === "resolved" || t.status === "closed";
    const open = data.tickets.filter((t) => !done(t));

    test("due times from the final priority's targets: creation (or the reopen) + target", () => {
      for (const t of data.tickets) {
        const [firstResponse, resolution] = targetMinutes[t.priority as string] ?? [0, 0];
        expect(t.sla_paused_minutes).toBe("0");
        expect(time(t.first_response_due_at)).toBe(time(t.created_at) + firstResponse * minute);
        const start = t.sla_resolution_started_at ?? t.created_at;
        expect(time(t.resolution_due_at)).toBe(time(start) + resolution * minute);
      }
      // Started again: exactly the reopened tickets (all resolved again since).
      const restarted = data.tickets.filter((t) => t.sla_resolution_started_at !== null);
      expect(restarted.length).toBeGreaterThan(0);
      for (const t of restarted) expect([t.reopened_count, done(t)]).toEqual(["1", true]);
      expect(data.tickets.filter((t) => t.reopened_count === "1")).toHaveLength(restarted.length);
    });

    test("the due date follows the resolution unless set by hand (the generator's ~45%)", () => {
      const byHand = data.tickets.filter((t) => t.due_date_from_sla === "false");
      expect(byHand.length / data.tickets.length).toBeGreaterThan(0.4);
      expect(byHand.length / data.tickets.length).toBeLessThan(0.5);
      for (const t of byHand) expect(t.due_date).not.toBeNull();
      for (const t of data.tickets.filter((t) => t.due_date_from_sla === "true"))
        expect(t.due_date).toBe(t.resolution_due_at);
    });

    test("the queue's next due time: the first response's until given, then the resolution's; none when paused or done", () => {
      for (const t of data.tickets) {
        if (done(t) || t.status === "pending") expect(t.sla_next_due_at, t.status as string).toBeNull();
        else if (t.first_response_at === null) expect(t.sla_next_due_at).toBe(t.first_response_due_at);
        else expect(t.sla_next_due_at).toBe(t.resolution_due_at);
        expect(t.sla_paused_at !== null).toBe(t.status === "pending");
      }
      expect(open.filter((t) => t.sla_next_due_at !== null).length).toBeGreaterThan(open.length * 0.6);
    });

    test("every announcement due by now was made: the sweep finds nothing, and only recent tickets wait for one", () => {
      const targets = targetsFor(reference.slaPolicies);
      const notice = (v: unknown) => v as SlaNotice | null;
      for (const t of data.tickets) {
        const state = {
          status: t.status as TicketStatus,
          created_at: new Date(t.created_at as string),
          first_response_at: t.first_response_at ? new Date(t.first_response_at as string) : null,
          resolved_at: t.resolved_at ? new Date(t.resolved_at as string) : null,
          first_response_due_at: new Date(t.first_response_due_at as string),
          resolution_due_at: new Date(t.resolution_due_at as string),
          sla_resolution_started_at: t.sla_resolution_started_at
            ? new Date(t.sla_resolution_started_at as string)
            : null,
          sla_paused_at: t.sla_paused_at ? new Date(t.sla_paused_at as string) : null,
          sla_paused_minutes: Number(t.sla_paused_minutes),
          sla_first_response_notice: notice(t.sla_first_response_notice),
          sla_resolution_notice: notice(t.sla_resolution_notice),
          due_date: t.due_date ? new Date(t.due_date as string) : null,
          due_date_manual: t.due_date_from_sla === "false",
        };
        const policy = targets(t.priority as TicketPriority, null);
        expect(dueAnnouncements(state, policy, data.now).announcements, t.id as string).toEqual([]);
        if (t.sla_next_check_at !== null)
          expect(time(t.sla_next_check_at)).toBeGreaterThan(data.now.getTime());
      }
      // Old open tickets are past their resolution target: breached, announced, nothing more to come.
      const old = open.filter((t) => data.now.getTime() - time(t.created_at) > 14 * 86_400_000);
      const running = old.filter((t) => t.status !== "pending");
      expect(running.every((t) => t.sla_resolution_notice === "breached")).toBe(true);
      expect(old.every((t) => t.sla_next_check_at === null)).toBe(true);
      const waiting = data.tickets.filter((t) => t.sla_next_check_at !== null).length;
      expect(waiting).toBeGreaterThan(0);
      expect(waiting).toBeLessThan(data.tickets.length * 0.01);
    });

    test("replaying only what moves the clock gives what replaying every change does", () => {
      expect(generate(2_000, "full").tickets).toEqual(generate(2_000).tickets);
    });

    test("resolved tickets past the desk's auto-close (4 days) were closed by the system", () => {
      const cutoff = data.now.getTime() - 4 * 86_400_000;
      const resolved = data.tickets.filter((t) => t.status === "resolved");
      expect(resolved.length).toBeGreaterThan(0);
      for (const t of resolved) expect(time(t.resolved_at)).toBeGreaterThanOrEqual(cutoff);
      const bySystem = data.events.filter(
        (e) => e.field === "status" && e.new_value === "closed" && e.actor_id === null,
      );
      expect(bySystem.length).toBeGreaterThan(0);
    });
  });
});
