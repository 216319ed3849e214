import { type Kysely, sql } from "kysely";
import { expect, it } from "vitest";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";
import { describeEachEngine } from "../test/databases.js";
import { createTestTicket } from "../test/factories.js";

/** Tickets whose stored counts differ from counting their comments and files. */
async function staleCounts(db: Kysely<DB>) {
  const { rows } = await sql<{ id: string }>`
    select t.id from tickets t
    where t.comments_count <> (select count(*) from ticket_comments c where c.ticket_id = t.id and not c.is_internal)
       or t.internal_notes_count <> (select count(*) from ticket_comments c where c.ticket_id = t.id and c.is_internal)
       or t.attachments_count <> (select count(*) from ticket_attachments a where a.ticket_id = t.id)`.execute(
    db,
  );
  return rows.map((r) => r.id);
}

describeEachEngine("ticket comment and attachment counts (migration 0013 triggers)", (use) => {
  const comment = (ticketId: string, isInternal: boolean) => ({
    id: newId(),
    ticket_id: ticketId,
    text: isInternal ? "note" : "reply",
    is_internal: isInternal,
  });
  const file = (ticketId: string) => ({
    id: newId(),
    ticket_id: ticketId,
    name: "log.txt",
    size: 10,
    content_type: "text/plain",
    storage_key: `2026/11/${newId()}`,
  });

  it("follow replies, notes and files through inserts, edits, moves and deletes", async () => {
    const { db } = use();
    const first = await createTestTicket(db);
    const second = await createTestTicket(db);
    const comments = [comment(first.id, false), comment(first.id, false), comment(first.id, true)];
    await db.insertInto("ticket_comments").values(comments).execute();
    await db
      .insertInto("ticket_attachments")
      .values([file(first.id), file(first.id), file(second.id)])
      .execute();
    const counts = (id: string) =>
      db
        .selectFrom("tickets")
        .select(["comments_count", "internal_notes_count", "attachments_count"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
    expect(await counts(first.id)).toEqual({
      comments_count: 2,
      internal_notes_count: 1,
      attachments_count: 2,
    });

    await db
      .updateTable("ticket_comments")
      .set({ is_internal: true })
      .where("id", "=", comments[0]?.id ?? "")
      .execute();
    await db
      .updateTable("ticket_comments")
      .set({ ticket_id: second.id })
      .where("id", "=", comments[1]?.id ?? "")
      .execute();
    await db
      .updateTable("ticket_comments")
      .set({ text: "edited" })
      .where("id", "=", comments[2]?.id ?? "")
      .execute();
    await db.deleteFrom("ticket_attachments").where("ticket_id", "=", first.id).execute();
    expect(await counts(first.id)).toEqual({
      comments_count: 0,
      internal_notes_count: 2,
      attachments_count: 0,
    });
    expect(await counts(second.id)).toEqual({
      comments_count: 1,
      internal_notes_count: 0,
      attachments_count: 1,
    });

    await db
      .deleteFrom("ticket_comments")
      .where("id", "=", comments[2]?.id ?? "")
      .execute();
    // A rolled-back reply leaves no trace in the counts.
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("ticket_comments").values(comment(second.id, false)).execute();
        throw new Error("roll back");
      })
      .catch(() => undefined);
    // Deleting a ticket takes its comments and files with it (cascades run the same triggers).
    await db.deleteFrom("tickets").where("id", "=", second.id).execute();
    expect(await staleCounts(db)).toEqual([]);
    expect(await counts(first.id)).toEqual({
      comments_count: 0,
      internal_notes_count: 1,
      attachments_count: 0,
    });
  });

  it("are recomputed by ticket_activity_counts_refresh() after a load that skipped the triggers", async () => {
    const { db } = use();
    const ticket = await createTestTicket(db);
    await db
      .updateTable("tickets")
      .set({ comments_count: 7, attachments_count: 3 })
      .where("id", "=", ticket.id)
      .execute();
    expect(await staleCounts(db)).toContain(ticket.id);
    await sql`select ticket_activity_counts_refresh()`.execute(db);
    expect(await staleCounts(db)).toEqual([]);
  });
});
