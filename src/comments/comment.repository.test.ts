import { type Kysely, sql } from "kysely";
import { expect, it } from "vitest";
import { selectMatchingAttachments } from "../attachments/attachment.repository.js";
import type { DB } from "../db/schema.js";
import { describeEachEngine } from "../test/databases.js";
import { selectMatchingComments } from "./comment.repository.js";

type Explainable = { explain(): Promise<Record<string, unknown>[]> };

/**
 * The plan PostgreSQL would choose were the tables large: with sequential scans priced out, an
 * index that can serve the query shows up in the plan, and one that cannot does not.
 */
async function planOf(db: Kysely<DB>, build: (trx: Kysely<DB>) => Explainable): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const rows = await build(trx).explain();
    return rows.map((row) => String(Object.values(row)[0])).join("\n");
  });
}

describeEachEngine("comment and attachment list queries use their indexes", (use) => {
  it("searches comment text with the full-text index and ticket number and subject with trigram indexes", async () => {
    const plan = await planOf(use().db, (trx) =>
      selectMatchingComments(trx, { search: "printer" })
        .select("c.id")
        .orderBy("c.created_at", "desc")
        .limit(25),
    );
    expect(plan).toContain("ticket_comments_search_idx");
    expect(plan).toContain("tickets_ticket_number_trgm");
    expect(plan).toContain("tickets_subject_trgm");
  });

  it("reads the newest comments and attachments from the created_at indexes", async () => {
    const comments = await planOf(use().db, (trx) =>
      selectMatchingComments(trx, {})
        .select("c.id")
        .orderBy("c.created_at", "desc")
        .orderBy("c.id", "desc")
        .limit(25),
    );
    expect(comments).toContain("ticket_comments_created_idx");
    const attachments = await planOf(use().db, (trx) =>
      selectMatchingAttachments(trx, {})
        .select("a.id")
        .orderBy("a.created_at", "desc")
        .orderBy("a.id", "desc")
        .limit(25),
    );
    expect(attachments).toContain("ticket_attachments_created_idx");
  });

  it("searches file names and ticket numbers with their trigram indexes", async () => {
    const plan = await planOf(use().db, (trx) =>
      selectMatchingAttachments(trx, { search: "invoice" }).select("a.id").limit(25),
    );
    expect(plan).toContain("ticket_attachments_name_trgm");
    expect(plan).toContain("tickets_ticket_number_trgm");
  });
});
