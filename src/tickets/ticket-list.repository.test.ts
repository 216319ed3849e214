import { CompiledQuery, type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import type { DB } from "../db/schema.js";
import { createUser } from "../directory/create-user.js";
import { DirectoryNames } from "../directory/directory-names.js";
import type { Actor, AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import { countingStatements } from "../test/counting-statements.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestCompany, createTestContact } from "../test/factories.js";
import { testSlaBook } from "../test/sla-book.js";
import { createTestContext } from "../test/test-context.js";
import { recordNewTicket } from "./create-ticket.js";
import { findTickets } from "./find-tickets.js";
import { getTicketDetail } from "./get-ticket-detail.js";
import { fromTickets, selectTicketColumns } from "./ticket.repository.js";
import { filteredTickets } from "./ticket-list.repository.js";

describeEachEngine("ticket list queries", (use) => {
  let actor: Actor;
  let companyId: string;

  beforeAll(async () => {
    const { db } = use();
    const user = await createUser(db, {
      email: "lister@example.com",
      name: "Lister",
      password: "long enough pw",
      role: "agent",
    });
    actor = { ...user, via: "token", session_id: null };
    const company = await createTestCompany(db, { name: "Query Counting Inc" });
    companyId = company.id;
    const contact = await createTestContact(db, company.id);
    for (let i = 0; i < 30; i += 1) {
      const id = newId();
      await db.transaction().execute((trx) =>
        recordNewTicket(
          trx,
          {
            id,
            subject: `Speaker ${i} crackles`,
            description: "Loud crackling noise from the speaker",
            status: "new",
            priority: "medium",
            category: "technical",
            company_id: company.id,
            contact_id: contact.id,
            assigned_to: user.id,
            created_by: user.id,
            tags: ["audio"],
          },
          { now: new Date(), timeZone: "UTC", sla: testSlaBook(db) },
        ),
      );
      await db
        .insertInto("ticket_comments")
        .values([
          { id: newId(), ticket_id: id, author_id: user.id, text: "public", is_internal: false },
          { id: newId(), ticket_id: id, author_id: user.id, text: "note", is_internal: true },
        ])
        .execute();
    }
  });

  // One server process: what it remembers of the directory carries from request to request.
  const names = new DirectoryNames();
  const context = (db: Kysely<DB>): AppContext => createTestContext(db, use().engine, names);

  it("sends the same fixed number of queries whatever the page size (no N+1)", async () => {
    const counts: number[] = [];
    for (const limit of [1, 10, 30]) {
      const { db, counter } = countingStatements(use().db);
      const page = await findTickets(context(db), { company_id: companyId, limit, search: "speaker" }, actor);
      expect(page.results).toHaveLength(limit);
      expect(page.results[0]).toMatchObject({
        comments_count: 1,
        internal_notes_count: 1,
        attachments_count: 0,
      });
      counts.push(counter.statements);
    }
    // A search resolves matching companies and contacts first and asks the planner how broad it is
    // (ticket-search-count.ts; the answer is kept a minute, so the next pages skip it); the count rides
    // along in the page's statement. The first page also reads the names the process has not seen yet
    // (one statement for all of them, directory-names.ts); the next pages find them remembered.
    expect(counts).toEqual([4, 2, 2]);
  });

  it("reads a ticket with its comments and attachments in one statement", async () => {
    const { db, counter } = countingStatements(use().db);
    const first = (await findTickets(context(use().db), { company_id: companyId, limit: 1 }, actor))
      .results[0];
    const detail = await getTicketDetail(context(db), first?.id ?? "", actor);
    expect(detail.comments).toHaveLength(2);
    expect(counter.statements).toBe(1);
  });

  it("counts up to the cap and says when the count is capped", async () => {
    const query = { company_id: companyId, limit: 5 };
    const capped = await findTickets(context(use().db), query, actor, 10);
    expect(capped).toMatchObject({ count: 10, count_capped: true });
    expect(capped.results).toHaveLength(5);
    expect(await findTickets(context(use().db), query, actor, 29)).toMatchObject({
      count: 29,
      count_capped: true,
    });
    expect(await findTickets(context(use().db), query, actor, 30)).toMatchObject({
      count: 30,
      count_capped: false,
    });
    expect(await findTickets(context(use().db), query, actor)).toMatchObject({
      count: 30,
      count_capped: false,
    });
  });

  it("answers a whole ticket number from the unique index in one query", async () => {
    const { db } = use();
    const wanted = (await findTickets(context(db), { company_id: companyId, limit: 1 }, actor)).results[0];
    if (!wanted) throw new Error("no ticket");
    const { db: counted, counter } = countingStatements(db);
    const found = await findTickets(context(counted), { search: wanted.ticket_number.toLowerCase() }, actor);
    expect(found).toMatchObject({ count: 1, count_capped: false });
    expect(found.results.map((r) => r.id)).toEqual([wanted.id]);
    expect(counter.statements).toBe(1);
    // The lookup it runs (findTicket by number, a compiled template): the unique index, no search vector.
    const statement = selectTicketColumns(
      fromTickets(db).where("t.ticket_number", "=", wanted.ticket_number),
    ).compile();
    expect(statement.sql).not.toContain("search_vector");
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
        CompiledQuery.raw(`explain ${statement.sql}`, [...statement.parameters]),
      );
      return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("tickets_ticket_number_key");
  });

  it("uses the stored search vector index of migration 0009 for search", async () => {
    const { db } = use();
    const explained = (search: string) => {
      const compiled = filteredTickets(db, { search }, new Date())
        .select(sql<number>`count(*)`.as("n"))
        .compile();
      return db.transaction().execute(async (trx) => {
        // Tiny tables favour sequential scans; forbid them to see whether the index can serve the query at all.
        await sql`set local enable_seqscan = off`.execute(trx);
        const result = await trx.executeQuery<{ "QUERY PLAN": string }>(
          CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
        );
        return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
      });
    };
    // A word that cannot be part of a ticket number leaves the ticket-number branch out.
    const word = await explained("crackles");
    expect(word).toContain("tickets_search_vector_idx");
    expect(word).not.toContain("tickets_ticket_number_trgm");
    const number = await explained("t-2026");
    expect(number).toContain("tickets_search_vector_idx");
    expect(number).toContain("tickets_ticket_number_trgm");
  });
});
