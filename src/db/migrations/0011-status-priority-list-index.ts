import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 5: a status + priority filter lists newest first straight from one index. Without it PostgreSQL
 * walked tickets_created_at_idx and threw away the other statuses and priorities (10,558 rows read for
 * 25 `in_progress`/`high` tickets at a million: 9–30 ms a page). (priority, status) is dropped: counts come
 * from ticket_counts now, and a priority-only filter reads tickets_priority_order_idx.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create index tickets_status_priority_created_idx on tickets (status, priority, created_at desc, id desc);
    drop index tickets_priority_status_idx;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create index tickets_priority_status_idx on tickets (priority, status);
    drop index tickets_status_priority_created_idx;
  `,
  );
}
