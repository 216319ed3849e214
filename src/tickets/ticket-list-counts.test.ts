import type { Kysely, KyselyPlugin } from "kysely";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB, TicketPriority, TicketStatus } from "../db/schema.js";
import { createUser } from "../directory/create-user.js";
import type { Actor, AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestCompany, createTestTicket, findTeamId } from "../test/factories.js";
import { createTestContext } from "../test/test-context.js";
import { findTickets, ticketFilters } from "./find-tickets.js";
import { countedByTicketCounts, filteredTickets } from "./ticket-list.repository.js";
import type { ListTicketsQuery } from "./ticket-query.schema.js";

/** The SQL of each statement sent through `db`, in order (embedded builders are transformed, not sent). */
function recordingSql(db: Kysely<DB>) {
  const compiled = new Map<unknown, string>();
  const sent: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      compiled.set(args.queryId, db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    async transformResult(args) {
      sent.push(compiled.get(args.queryId) ?? "");
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), sent };
}

describe("countedByTicketCounts", () => {
  it("takes status, priority, open, team and unassigned, nothing else", () => {
    expect(countedByTicketCounts({})).toBe(true);
    expect(countedByTicketCounts({ statuses: ["new"], priorities: ["high"], open: true })).toBe(true);
    expect(countedByTicketCounts({ assignedTeam: null, assignedTo: null })).toBe(true);
    expect(countedByTicketCounts({ assignedTo: "0195a3c4-0000-7000-8000-000000000000" })).toBe(false);
    expect(countedByTicketCounts({ search: "printer" })).toBe(false);
    expect(countedByTicketCounts({ overdue: false })).toBe(false);
    expect(countedByTicketCounts({ category: "technical" })).toBe(false);
    expect(countedByTicketCounts({ createdAfter: new Date() })).toBe(false);
  });
});

describeEachEngine("ticket list counts from ticket_counts", (use) => {
  let actor: Actor;
  let tech: string;
  let finance: string;
  let agentId: string;

  const context = (db: Kysely<DB>): AppContext => createTestContext(db, use().engine);

  beforeAll(async () => {
    const { db } = use();
    const admin = await createUser(db, {
      email: "counter@example.com",
      name: "Counter",
      password: "long enough pw",
      role: "admin",
    });
    actor = { ...admin, via: "token", session_id: null };
    const agent = await createUser(db, {
      email: "agent-counted@example.com",
      name: "Counted Agent",
      password: "long enough pw",
      role: "agent",
    });
    agentId = agent.id;
    tech = await findTeamId(db, "Tech");
    finance = await findTeamId(db, "Finance");
    const company = await createTestCompany(db, { name: "Counted Ltd" });
    const statuses: TicketStatus[] = ["new", "assigned", "in_progress", "pending", "resolved", "closed"];
    const priorities: TicketPriority[] = ["low", "medium", "high", "urgent"];
    for (let i = 0; i < 48; i += 1) {
      const status = statuses[i % statuses.length] as TicketStatus;
      await createTestTicket(db, {
        company_id: company.id,
        status,
        priority: priorities[i % priorities.length] as TicketPriority,
        assigned_team: i % 3 === 0 ? null : i % 3 === 1 ? tech : finance,
        assigned_to: status === "new" || i % 4 === 0 ? null : agent.id,
      });
    }
  });

  const queries: ListTicketsQuery[] = [
    {},
    { open: true },
    { open: false },
    { status: ["new", "pending"] },
    { status: ["in_progress"], priority: ["high"] },
    { priority: ["urgent", "low"], open: true },
    { assigned_team: "none" },
    { assigned_to: "none", open: true },
    { assigned_to: "none", assigned_team: "none" },
  ];
  const teamQueries = (): ListTicketsQuery[] => [
    { assigned_team: tech, open: true },
    { assigned_team: finance, status: ["assigned", "resolved"], priority: ["medium"] },
  ];

  /** The list's count and a plain count(*) over the same filters, for each query. */
  async function bothCounts() {
    const { db } = use();
    const now = new Date();
    const pairs: { query: ListTicketsQuery; listed: number; actual: number }[] = [];
    for (const query of [...queries, ...teamQueries()]) {
      const listed = await findTickets(context(db), { ...query, limit: 1 }, actor);
      expect(listed.count_capped).toBe(false);
      const actual = await filteredTickets(db, ticketFilters(query, actor, "UTC"), now)
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow();
      pairs.push({ query, listed: listed.count, actual: actual.n });
    }
    return pairs;
  }

  it("answers the default list, queues, status filters and unassigned without counting tickets", async () => {
    const { db, sent } = recordingSql(use().db);
    const query: ListTicketsQuery = { assigned_team: tech, open: true, ordering: "-priority" };
    // The same server process twice: the first read also fetched the names it had not seen yet.
    const server = createTestContext(db, use().engine);
    await findTickets(server, query, actor);
    sent.length = 0;
    await findTickets(server, query, actor);
    // One statement: the page, with the count read from ticket_counts riding along (no capped walk).
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('from "ticket_counts"');
    expect(sent[0]).not.toContain('select 1 as "one"');
  });

  it("still counts a page past the end, and an empty list is 0", async () => {
    const { db } = use();
    const all = await findTickets(context(db), { limit: 1 }, actor);
    const past = await findTickets(context(db), { offset: all.count + 5 }, actor);
    expect(past).toMatchObject({ count: all.count, count_capped: false, results: [] });
    const cappedPast = await findTickets(context(db), { assigned_to: agentId, offset: 1000 }, actor, 3);
    expect(cappedPast).toMatchObject({ count: 3, count_capped: true, results: [] });
    const none = await findTickets(context(db), { search: "no-such-word-anywhere" }, actor);
    expect(none).toMatchObject({ count: 0, count_capped: false, results: [] });
  });

  it("is exact for every countable filter", async () => {
    for (const { query, listed, actual } of await bothCounts()) {
      expect({ query, count: listed }).toEqual({ query, count: actual });
    }
  });

  it("stays exact through status changes, reassignment, team moves, new tickets and deletes", async () => {
    const { db } = use();
    const some = await db.selectFrom("tickets").select("id").orderBy("id").limit(12).execute();
    const ids = some.map((t) => t.id);
    await db.updateTable("tickets").set({ status: "closed" }).where("id", "in", ids.slice(0, 3)).execute();
    await db
      .updateTable("tickets")
      .set({ assigned_to: agentId })
      .where("id", "in", ids.slice(3, 6))
      .execute();
    await db.updateTable("tickets").set({ assigned_to: null }).where("id", "in", ids.slice(6, 8)).execute();
    await db
      .updateTable("tickets")
      .set({ assigned_team: finance })
      .where("id", "in", ids.slice(8, 10))
      .execute();
    await db
      .updateTable("tickets")
      .set({ priority: "urgent" })
      .where("id", "=", ids[10] ?? "")
      .execute();
    await db
      .deleteFrom("tickets")
      .where("id", "=", ids[11] ?? "")
      .execute();
    await createTestTicket(db, { assigned_team: tech, status: "in_progress", priority: "high" });
    // A rolled-back change leaves the counts as they were.
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("tickets").set({ status: "resolved" }).execute();
        throw new Error("roll back");
      })
      .catch(() => undefined);
    for (const { query, listed, actual } of await bothCounts()) {
      expect({ query, count: listed }).toEqual({ query, count: actual });
    }
  });

  it("still counts other filters up to the cap", async () => {
    const capped = await findTickets(context(use().db), { assigned_to: agentId }, actor, 3);
    expect(capped).toMatchObject({ count: 3, count_capped: true });
  });
});

describeEachEngine("ticket search order", (use) => {
  let actor: Actor;
  let bestMatch: string;
  let newest: string;

  beforeAll(async () => {
    const { db } = use();
    const user = await createUser(db, {
      email: "searcher@example.com",
      name: "Searcher",
      password: "long enough pw",
      role: "agent",
    });
    actor = { ...user, via: "token", session_id: null };
    const company = await createTestCompany(db, { name: "Search Order AG" });
    const hour = 3_600_000;
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour);
    bestMatch = (
      await createTestTicket(db, {
        company_id: company.id,
        subject: "Jukebox jukebox jukebox silent",
        description: "The jukebox in the bar is silent; jukebox restarted.",
        created_at: at(3),
      })
    ).id;
    await createTestTicket(db, {
      company_id: company.id,
      subject: "Lights flicker",
      description: "Also the jukebox hums a little",
      created_at: at(2),
    });
    newest = (
      await createTestTicket(db, {
        company_id: company.id,
        subject: "Invoice question",
        description: "Is the jukebox rental on this invoice?",
        created_at: at(1),
      })
    ).id;
  });

  const context = (db: Kysely<DB>): AppContext => createTestContext(db, use().engine);

  it("lists the newest matches first by default, like any list", async () => {
    const page = await findTickets(context(use().db), { search: "jukebox" }, actor);
    expect(page.count).toBe(3);
    expect(page.results[0]?.id).toBe(newest);
    expect(page.results[2]?.id).toBe(bestMatch);
  });

  it("puts the best match first with ordering=-relevance", async () => {
    const page = await findTickets(context(use().db), { search: "jukebox", ordering: "-relevance" }, actor);
    expect(page.count).toBe(3);
    expect(page.results[0]?.id).toBe(bestMatch);
  });

  it("finds tickets by company name, also when more companies match than are passed as ids", async () => {
    const { db } = use();
    const page = await findTickets(context(db), { search: "search order" }, actor);
    expect(page.count).toBe(3);
    // 201 more companies named like it: the query falls back to the subquery form, same answer.
    await db
      .insertInto("companies")
      .values(Array.from({ length: 201 }, (_, i) => ({ id: newId(), name: `Search Order Branch ${i}` })))
      .execute();
    const many = await findTickets(context(db), { search: "search order" }, actor);
    expect(many.count).toBe(3);
    expect(many.results.map((t) => t.id).sort()).toEqual(page.results.map((t) => t.id).sort());
  });

  it("ignores -relevance without a search (newest first)", async () => {
    const page = await findTickets(context(use().db), { ordering: "-relevance", limit: 1 }, actor);
    expect(page.results[0]?.id).toBe(newest);
  });
});
