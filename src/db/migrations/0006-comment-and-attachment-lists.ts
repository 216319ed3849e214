import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/** Indexes for the cross-ticket comment and attachment lists, and for removing a user. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    -- GET /comments and GET /attachments read newest first; without these every page sorts the whole table.
    create index ticket_comments_created_idx on ticket_comments (created_at desc, id desc);
    create index ticket_attachments_created_idx on ticket_attachments (created_at desc, id desc);
    -- Deleting a user sets author_id / uploaded_by to null: these find the rows instead of scanning.
    create index ticket_comments_author_idx on ticket_comments (author_id);
    create index ticket_attachments_uploaded_by_idx on ticket_attachments (uploaded_by);
    -- GET /comments?search= matches part of the ticket subject with ILIKE '%…%'.
    create index if not exists tickets_subject_trgm on tickets using gin (subject gin_trgm_ops);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop index if exists tickets_subject_trgm;
    drop index ticket_attachments_uploaded_by_idx;
    drop index ticket_comments_author_idx;
    drop index ticket_attachments_created_idx;
    drop index ticket_comments_created_idx;
  `,
  );
}
