import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

const searchIndexes = [
  "tickets_search_vector_idx",
  "tickets_subject_trgm",
  "tickets_ticket_number_trgm",
  "tickets_tags_idx",
  "ticket_comments_search_idx",
  "ticket_attachments_name_trgm",
];

/**
 * Issue 5: GIN indexes on the busy tables are updated on insert (fastupdate off) instead of collecting new
 * entries in a pending list that every search then scans in full until a vacuum merges it. After the
 * benchmark's writes the ticket-number trigram index had 427 pending pages and the text index 51: a search
 * for a word took 47 ms instead of 3 (bench/README.md). A new ticket pays a little more to be searchable.
 * Existing pending entries are merged here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    searchIndexes
      .map(
        (index) => `alter index ${index} set (fastupdate = off);\nselect gin_clean_pending_list('${index}');`,
      )
      .join("\n"),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(db, searchIndexes.map((index) => `alter index ${index} reset (fastupdate);`).join("\n"));
}
