import { type Kysely, sql } from "kysely";
import type { DB, TicketPriority, TicketStatus } from "../db/schema.js";
import { doneStatuses } from "./ticket-status.js";

const done = [...doneStatuses];
const count = sql<number>`count(*)::int`;

/** Tickets per (status, priority): the ticket_counts rows kept exact by the triggers of migration 0009. */
export async function countByStatusAndPriority(
  db: Kysely<DB>,
): Promise<{ status: TicketStatus; priority: TicketPriority; n: number }[]> {
  return db
    .selectFrom("ticket_counts")
    .select(["status", "priority", sql<number>`n::int`.as("n")])
    .execute();
}

/**
 * The caller's open tickets, open unassigned and open overdue: each a count over a partial or
 * leading-column index (assigned_to+status, tickets_open_unassigned_idx, tickets_open_due_idx).
 */
export async function countOpenWork(db: Kysely<DB>, actorId: string, now: Date) {
  return db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("tickets as t")
        .where("t.assigned_to", "=", actorId)
        .where("t.status", "not in", done)
        .select(count.as("n"))
        .as("my_open"),
      eb
        .selectFrom("tickets as t")
        .where("t.assigned_to", "is", null)
        .where("t.status", "not in", done)
        .select(count.as("n"))
        .as("unassigned"),
      eb
        .selectFrom("tickets as t")
        .where("t.due_date", "<", now)
        .where("t.due_date", "is not", null)
        .where("t.status", "not in", done)
        .select(count.as("n"))
        .as("overdue"),
    ])
    .executeTakeFirstOrThrow();
}
