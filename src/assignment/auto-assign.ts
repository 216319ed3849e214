import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { lockTicket } from "../tickets/ticket.repository.js";
import { insertTicketEvents, type TicketEventInput } from "../tickets/ticket-event.repository.js";
import { decideTicketChange } from "../tickets/ticket-rules.js";
import { writeTicketChange } from "../tickets/write-ticket-change.js";
import {
  autoAssignedEvent,
  autoAssignmentSkippedEvent,
  findAssignmentCandidates,
  lockTeamsForAssignment,
  lockTicketsAwaitingAssignee,
  markAutoAssigned,
} from "./assignment.repository.js";
import { type AssignmentCandidate, afterAssignment, chooseAssignee } from "./choose-assignee.js";

export type AutoAssignment = { ticketId: string; userId: string; reason: string };

/**
 * Why auto-assignment runs: a new ticket (its creation job, which may run twice, so a ticket is tried once) or
 * a ticket moved to another team (tried again: a new team, a new queue).
 */
export type AutoAssignTrigger = "creation" | "team change";

/**
 * Auto-assignment (SPEC §7), in the caller's transaction: each of the tickets that is open, unassigned and in a
 * team assigning round robin or least loaded gets the agent chooseAssignee picks among the team's members, as
 * if assigned by hand (decideTicketChange: a `new` ticket becomes `assigned`) with the system as actor. The
 * history gets the field changes and an `auto_assigned` event whose new_value is the reason ("round robin",
 * "least loaded: 3 open"). When nobody may take a ticket it stays in the team's queue, and an
 * `auto_assignment_skipped` event says why ("no agent of the team is available"), so an admin wondering why
 * a round-robin team's ticket has no assignee finds the answer on the ticket.
 *
 * Race-free across instances: each team's row is locked (FOR NO KEY UPDATE) before its members' open tickets
 * are counted, so two instances assigning to one team at the same moment take turns, and the second counts
 * the first's ticket: the agent with the last free place gets one ticket, never two. (Assigning by hand takes
 * no such lock: the limit is auto-assignment's, and a person may still give an agent more.)
 *
 * Lock order, to never deadlock: ticket rows first (all of them, in id order), then team rows (in id order),
 * then user rows. changeTicket already holds its ticket when it learns the new team, so tickets must come
 * first everywhere; taking a team and then waiting for a ticket that a PATCH holds while it waits for the same
 * team would be a cycle. Deleting a team locks it and then only counts tickets (it refuses a team with open
 * ones), so it never waits for a ticket held here.
 */
export async function autoAssign(
  trx: Kysely<DB>,
  ctx: Pick<AppContext, "sla">,
  ticketIds: readonly string[],
  now: Date,
  trigger: AutoAssignTrigger,
): Promise<AutoAssignment[]> {
  if (ticketIds.length === 0) return [];
  const waiting = await lockTicketsAwaitingAssignee(trx, ticketIds, { untriedOnly: trigger === "creation" });
  if (waiting.length === 0) return [];
  const modes = await lockTeamsForAssignment(trx, [...new Set(waiting.map((t) => t.team_id))]);
  const teams = new Map<string, AssignmentCandidate[]>();
  const assignments: AutoAssignment[] = [];
  const events: TicketEventInput[] = [];
  const stamps = new Map<string, Date>();
  for (const { id, team_id } of waiting) {
    const mode = modes.get(team_id);
    // Turned to manual since the tickets were read: the lock made the mode current.
    if (!mode || mode === "manual") continue;
    const candidates = teams.get(team_id) ?? (await findAssignmentCandidates(trx, team_id));
    const choice = chooseAssignee(mode, candidates, now);
    if ("none" in choice) {
      teams.set(team_id, candidates);
      events.push(historyEntry(id, autoAssignmentSkippedEvent, choice.none, now));
      continue;
    }
    teams.set(team_id, afterAssignment(candidates, choice));
    stamps.set(choice.userId, choice.at);
    const current = await lockTicket(trx, id);
    if (!current) throw new Error(`ticket ${id} is locked by this transaction but was not found`);
    // The system acts, as an agent would: assigning never reopens, so no admin right is involved.
    const decision = decideTicketChange(
      current,
      { assigned_to: { id: choice.userId, team_id } },
      { role: "agent" },
      now,
    );
    await writeTicketChange(trx, { id, current, decision, actorId: null, now, sla: ctx.sla });
    events.push(historyEntry(id, autoAssignedEvent, choice.reason, now));
    assignments.push({ ticketId: id, userId: choice.userId, reason: choice.reason });
  }
  await insertTicketEvents(trx, events);
  await markAutoAssigned(trx, stamps);
  return assignments;
}

function historyEntry(ticketId: string, type: string, reason: string, now: Date): TicketEventInput {
  return {
    ticket_id: ticketId,
    actor_id: null,
    type,
    field: "assigned_to",
    new_value: reason,
    created_at: now,
  };
}
