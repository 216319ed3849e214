import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/** Indexes for search (full-text + trigram), team queues, open queues, due dates and tags. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create index tickets_search_idx on tickets using gin (
      (setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', description), 'B'))
    );
    create index tickets_ticket_number_trgm on tickets using gin (ticket_number gin_trgm_ops);
    create index tickets_tags_idx on tickets using gin (tags);
    create index tickets_team_status_idx on tickets (assigned_team, status);
    -- Open work (not resolved/closed), by team and overall, in the order agents read it.
    create index tickets_open_team_queue_idx on tickets (assigned_team, priority desc, created_at desc)
      where status not in ('resolved', 'closed');
    create index tickets_open_queue_idx on tickets (priority desc, created_at desc)
      where status not in ('resolved', 'closed');
    create index tickets_open_due_idx on tickets (due_date)
      where due_date is not null and status not in ('resolved', 'closed');
    create index ticket_comments_search_idx on ticket_comments using gin (to_tsvector('english', text));
    create index ticket_attachments_name_trgm on ticket_attachments using gin (name gin_trgm_ops);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop index ticket_attachments_name_trgm;
    drop index ticket_comments_search_idx;
    drop index tickets_open_due_idx;
    drop index tickets_open_queue_idx;
    drop index tickets_open_team_queue_idx;
    drop index tickets_team_status_idx;
    drop index tickets_tags_idx;
    drop index tickets_ticket_number_trgm;
    drop index tickets_search_idx;
  `,
  );
}
