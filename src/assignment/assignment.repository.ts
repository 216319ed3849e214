import { type Kysely, sql } from "kysely";
import type { AssignmentMode, DB } from "../db/schema.js";
import { doneStatuses, openStatuses } from "../tickets/ticket-status.js";
import type { AssignmentCandidate } from "./choose-assignee.js";

/** The history entries auto-assignment writes besides the field changes (auto-assign.ts). */
export const autoAssignedEvent = "auto_assigned";
export const autoAssignmentSkippedEvent = "auto_assignment_skipped";

/**
 * The tickets among `ticketIds` waiting for auto-assignment: open, unassigned, in a team that does not assign
 * by hand, and (`untriedOnly`) never tried before. Locked (FOR UPDATE) in id order: ticket rows are always
 * locked before team rows (auto-assign.ts says why).
 */
export function lockTicketsAwaitingAssignee(
  trx: Kysely<DB>,
  ticketIds: readonly string[],
  options: { untriedOnly: boolean },
) {
  let query = trx
    .selectFrom("tickets as t")
    .innerJoin("teams as team", "team.id", "t.assigned_team")
    .select(["t.id", "team.id as team_id"])
    .where("t.id", "in", [...ticketIds])
    .where("t.assigned_to", "is", null)
    .where("t.status", "not in", [...doneStatuses])
    .where("team.assignment", "!=", "manual");
  if (options.untriedOnly)
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("ticket_events as e")
            .select(sql`1`.as("one"))
            .whereRef("e.ticket_id", "=", "t.id")
            .where("e.type", "in", [autoAssignedEvent, autoAssignmentSkippedEvent]),
        ),
      ),
    );
  return query.orderBy("t.id").forUpdate(["t"]).execute();
}

/**
 * Locks the teams (in id order) and returns their assignment modes. FOR NO KEY UPDATE: it excludes every other
 * auto-assignment to these teams, on any instance, until commit, but not the foreign-key checks of tickets and
 * users joining the team (FOR KEY SHARE), so ticket creation never waits on it.
 */
export async function lockTeamsForAssignment(
  trx: Kysely<DB>,
  teamIds: readonly string[],
): Promise<Map<string, AssignmentMode>> {
  if (teamIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom("teams")
    .select(["id", "assignment"])
    .where("id", "in", [...teamIds])
    .orderBy("id")
    .forNoKeyUpdate()
    .execute();
  return new Map(rows.map((row) => [row.id, row.assignment]));
}

/**
 * The team's members who may be given tickets (agents and admins) with their open tickets in any team, each
 * counted on tickets_assigned_to_status_idx with one probe per open status. Read after the team's lock, so the
 * counts include every auto-assignment committed before it.
 */
export async function findAssignmentCandidates(
  trx: Kysely<DB>,
  teamId: string,
): Promise<AssignmentCandidate[]> {
  const rows = await trx
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
    .where("u.role", "in", ["agent", "admin"])
    .execute();
  return rows.map((row) => ({ ...row, open_tickets: row.open_tickets ?? 0 }));
}

/** Remembers when auto-assignment last gave each user a ticket (round robin's rotation). */
export async function markAutoAssigned(trx: Kysely<DB>, stamps: ReadonlyMap<string, Date>): Promise<void> {
  for (const [userId, at] of stamps)
    await trx.updateTable("users").set({ last_auto_assigned_at: at }).where("id", "=", userId).execute();
}
