import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Auto-assignment (SPEC §7, src/assignment/): when auto-assignment last gave each user a ticket, for the
 * round-robin rotation; null: never. Adding a nullable column rewrites no table.
 *
 * No index is added: an agent's open tickets are counted on `tickets_assigned_to_status_idx`
 * (assigned_to, status) from migration 0002, one probe per open status (assignment.repository.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(db, "alter table users add column last_auto_assigned_at timestamptz;");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(db, "alter table users drop column last_auto_assigned_at;");
}
