import { type Kysely, sql } from "kysely";
import type { DB, TicketPriority, TicketStatus } from "../db/schema.js";
import { doneStatuses } from "./ticket-status.js";

const done = [...doneStatuses];
const count = sql<number>`count(*)::int`;

/**
 * Tickets per (status, priority, has an assignee), ticket_counts summed over teams, and on every row the
 * caller's open tickets (a count over the (assigned_to, status) index, evaluated once): one statement, as
 * each statement costs the server a socket round trip. No rows means no tickets at all.
 */
export async function countByStatusAndPriority(
  db: Kysely<DB>,
  actorId: string,
): Promise<
  { status: TicketStatus; priority: TicketPriority; assigned: boolean; n: number; my_open: number }[]
> {
  return db
    .selectFrom("ticket_counts")
    .select(["status", "priority", "assigned", sql<number>`sum(n)::int`.as("n")])
    .select((eb) =>
      eb
        .selectFrom("tickets as t")
        .where("t.assigned_to", "=", actorId)
        .where("t.status", "not in", done)
        .select(count.as("n"))
        .$asScalar()
        .$notNull()
        .as("my_open"),
    )
    .groupBy(["status", "priority", "assigned"])
    .execute();
}

/** Open tickets past their due date, from the partial index tickets_open_due_idx. */
export async function countOverdueTickets(db: Kysely<DB>, now: Date): Promise<number> {
  const { n } = await db
    .selectFrom("tickets as t")
    .where("t.due_date", "<", now)
    .where("t.due_date", "is not", null)
    .where("t.status", "not in", done)
    .select(count.as("n"))
    .executeTakeFirstOrThrow();
  return n;
}
