import { type Kysely, sql } from "kysely";
import type { AssignmentMode, DB } from "../db/schema.js";
import { doneStatuses, openStatuses } from "../tickets/ticket-status.js";
import type { AssignmentCandidate } from "./choose-assignee.js";

/** The history entries auto-assignment writes besides the field changes (auto-assign.ts). */
export const autoAssignedEvent = "auto_assigned";
export const autoAssignmentSkippedEvent = "auto_assignment_skipped";
const attemptEvents = [autoAssignedEvent, autoAssignmentSkippedEvent];

/**
 * Those of the new tickets that may be auto-assigned and never were tried: open, unassigned, in a team that
 * does not assign by hand, without an auto_assigned or auto_assignment_skipped event. Read without locks: each
 * is checked again under its own (auto-assign.ts).
 */
export async function findNewTicketsAwaitingAssignee(
  db: Kysely<DB>,
  ticketIds: readonly string[],
): Promise<string[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .selectFrom("tickets as t")
    .innerJoin("teams as team", "team.id", "t.assigned_team")
    .select("t.id")
    .where("t.id", "in", [...ticketIds])
    .where("t.assigned_to", "is", null)
    .where("t.status", "not in", [...doneStatuses])
    .where("team.assignment", "!=", "manual")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ticket_events as e")
            .select(sql`1`.as("one"))
            .whereRef("e.ticket_id", "=", "t.id")
            .where("e.type", "in", attemptEvents),
        ),
      ),
    )
    .orderBy("t.id")
    .execute();
  return rows.map((row) => row.id);
}

/** Whether auto-assignment already tried the ticket (assigned it, or found nobody). */
export async function wasAutoAssignmentTried(db: Kysely<DB>, ticketId: string): Promise<boolean> {
  const row = await db
    .selectFrom("ticket_events")
    .select("id")
    .where("ticket_id", "=", ticketId)
    .where("type", "in", attemptEvents)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Those of the tickets whose assignee auto-assignment chose: their "assigned to you" names nobody. */
export async function findAutoAssignedTickets(
  db: Kysely<DB>,
  ticketIds: readonly string[],
): Promise<Set<string>> {
  if (ticketIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("ticket_events")
    .select("ticket_id")
    .distinct()
    .where("ticket_id", "in", [...ticketIds])
    .where("type", "=", autoAssignedEvent)
    .execute();
  return new Set(rows.map((row) => row.ticket_id));
}

/**
 * Locks the team and returns its assignment mode (undefined: no such team). FOR NO KEY UPDATE: it excludes every
 * other auto-assignment to the team, on any instance, until commit, but not the foreign-key checks of tickets
 * and users joining the team (FOR KEY SHARE), so creating tickets never waits on it.
 */
export async function lockTeamForAssignment(
  trx: Kysely<DB>,
  teamId: string,
): Promise<AssignmentMode | undefined> {
  const row = await trx
    .selectFrom("teams")
    .select("assignment")
    .where("id", "=", teamId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row?.assignment;
}

/**
 * The team's members who may be given tickets (agents and admins) with their open tickets in any team, each
 * counted on tickets_assigned_to_status_idx with one probe per open status (assignment.repository.test.ts).
 */
export function selectAssignmentCandidates(db: Kysely<DB>, teamId: string) {
  return db
    .selectFrom("users as u")
    .select((eb) => [
      "u.id",
      "u.name",
      "u.is_active",
      "u.available",
      "u.max_open_tickets",
      "u.last_auto_assigned_at",
      eb
        .selectFrom("tickets as t")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("t.assigned_to", "=", "u.id")
        .where("t.status", "in", [...openStatuses])
        .as("open_tickets"),
    ])
    .where("u.team_id", "=", teamId)
    .where("u.role", "in", ["agent", "admin"]);
}

/**
 * The candidates, read after the team's lock in a statement of its own, so the counts include every
 * auto-assignment committed before it.
 */
export async function findAssignmentCandidates(
  trx: Kysely<DB>,
  teamId: string,
): Promise<AssignmentCandidate[]> {
  const rows = await selectAssignmentCandidates(trx, teamId).execute();
  return rows.map((row) => ({ ...row, open_tickets: row.open_tickets ?? 0 }));
}

/** Remembers when auto-assignment last gave the user a ticket (round robin's rotation). */
export async function markAutoAssigned(trx: Kysely<DB>, userId: string, at: Date): Promise<void> {
  await trx.updateTable("users").set({ last_auto_assigned_at: at }).where("id", "=", userId).execute();
}
