import type { Kysely } from "kysely";
import type { DB, TicketPriority } from "../db/schema.js";
import { weeklyHours } from "./business-calendar.service.js";
import type { BusinessCalendar } from "./calendar.js";
import { findSlaPolicyFor } from "./sla-policy.repository.js";

/** The targets a ticket is held to, with the calendar they count in and what happens at a breach. */
export type SlaPolicyForTicket = {
  id: string;
  priority: TicketPriority;
  /** null: the team-less policy (the ticket's team has none of its own for this priority). */
  teamId: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendarId: string;
  calendar: BusinessCalendar;
  escalation: { notifyTeamAdmins: boolean; raisePriority: boolean; moveToTeamId: string | null };
};

/**
 * The SLA policy for a ticket of this priority in this team (null: no team): the team's own policy for the
 * priority if it has one, else the team-less one, which always exists (migration 0020 seeds them and the API
 * refuses to delete them). One indexed statement; pass a transaction to read inside it.
 */
export async function getSlaPolicyFor(
  db: Kysely<DB>,
  ticket: { priority: TicketPriority; teamId: string | null },
): Promise<SlaPolicyForTicket> {
  const row = await findSlaPolicyFor(db, ticket.priority, ticket.teamId);
  if (!row)
    throw new Error(`No SLA policy for ${ticket.priority} tickets: the team-less policies are missing`);
  return {
    id: row.id,
    priority: row.priority,
    teamId: row.team_id,
    firstResponseMinutes: row.first_response_minutes,
    resolutionMinutes: row.resolution_minutes,
    calendarId: row.calendar_id,
    calendar: { timeZone: row.time_zone, hours: weeklyHours(row.hours), holidays: [...row.holidays].sort() },
    escalation: {
      notifyTeamAdmins: row.notify_team_admins,
      raisePriority: row.raise_priority,
      moveToTeamId: row.move_to_team_id,
    },
  };
}
