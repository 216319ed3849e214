import { describe, expect, test } from "vitest";
import { bulkTables } from "../cli/demo-data/demo-data.repository.js";
import { probeTicketCount, searchProbes } from "../cli/demo-data/demo-text.js";
import {
  batchTables,
  commentColumns,
  Dataset,
  eventColumns,
  type Reference,
  tenCommentTicket,
  ticketColumns,
} from "./dataset.js";

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
};

const rows = (text: string, columns: readonly string[]) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split("\t").map((v, i) => [columns[i], v === "\\N" ? null : v])));

function generate(tickets: number) {
  const now = new Date("2026-12-01T12:00:00Z");
  const dataset = new Dataset(
    { tickets, companies: 100, contactsPerCompany: 10, seed: "dataset-test", now, years: 2 },
    reference,
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
});
