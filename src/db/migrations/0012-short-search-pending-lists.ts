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
 * Issue 5: the GIN indexes of the busy tables keep a short pending list (256 kB instead of 4 MB). New entries
 * are appended there and merged into the index once it is full; every search scans the whole list meanwhile.
 * After the benchmark's writes the ticket-number trigram index had 427 pending pages and the text index 51: a
 * search for a word took 47 ms instead of 3. Without any pending list (fastupdate off) each new ticket
 * updates ~120 GIN entries while it holds the day's number counter: creations fell from 588/s to 453/s.
 * 256 kB keeps both: 600 creations/s, and a search pays at most ~1 ms for the list (bench/README.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    searchIndexes
      .map(
        (index) =>
          `alter index ${index} set (gin_pending_list_limit = 256);\nselect gin_clean_pending_list('${index}');`,
      )
      .join("\n"),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    searchIndexes.map((index) => `alter index ${index} reset (gin_pending_list_limit);`).join("\n"),
  );
}
