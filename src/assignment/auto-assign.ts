import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { lockTicket } from "../tickets/ticket.repository.js";
import { insertTicketEvents } from "../tickets/ticket-event.repository.js";
import { decideTicketChange, type TicketDecision, type TicketState } from "../tickets/ticket-rules.js";
import { writeTicketChange } from "../tickets/write-ticket-change.js";
import {
  autoAssignedEvent,
  autoAssignmentSkippedEvent,
  findAssignmentCandidates,
  findNewTicketsAwaitingAssignee,
  lockTeamForAssignment,
  markAutoAssigned,
  wasAutoAssignmentTried,
} from "./assignment.repository.js";
import { type AssignmentChoice, chooseAssignee, teamAwaitingAssignee } from "./choose-assignee.js";

/**
 * Auto-assignment (SPEC §7): a team assigning `round_robin` or `least_loaded` gives its open, unassigned
 * tickets to the member chooseAssignee picks, when a ticket is created in the team (the creation job,
 * autoAssignNewTickets) and when one is moved to it (changeTicket). The ticket changes as if assigned by hand
 * (decideTicketChange: a `new` ticket becomes `assigned`) with the system as actor, and its history gets an
 * `auto_assigned` event whose new_value is the reason ("round robin", "least loaded: 3 open"). When nobody may
 * take it, it stays in the team's queue and an `auto_assignment_skipped` event says why ("no agent of the team
 * is available"), so whoever wonders why a round-robin team's ticket has no assignee finds the answer on it.
 *
 * Race-free across instances: the team's row is locked (FOR NO KEY UPDATE) before its members' open tickets
 * are counted, so two instances assigning to one team at the same moment take turns and the second counts
 * the first's ticket: the agent with the last free place gets one ticket, never two. Assigning by hand takes
 * no such lock: the limit is auto-assignment's, and a person may still give an agent more.
 *
 * Lock order, so that it never deadlocks: the ticket row, then the team row, and only then any write. A PATCH
 * holds its ticket when it learns the new team, so tickets come before teams everywhere; and every write to a
 * ticket's status, team or assignee updates `ticket_counts` cells that stay locked until commit, so waiting
 * for a team after such a write (while a team's holder waits for that cell) would be a cycle. For the same
 * reason each transaction assigns ONE ticket in ONE update: its two cells (the old and the new) are taken
 * together, as any PATCH takes them, never held while a later ticket's are taken.
 */

export type AutoAssignment = { ticketId: string; userId: string; reason: string };

/**
 * Under the ticket's lock, before anything is written: locks the team and chooses among its members as they
 * are now. Null when the team assigns by hand (or is gone).
 */
export async function planAutoAssignment(
  trx: Kysely<DB>,
  teamId: string,
  now: Date,
): Promise<AssignmentChoice | null> {
  const mode = await lockTeamForAssignment(trx, teamId);
  if (!mode || mode === "manual") return null;
  return chooseAssignee(mode, await findAssignmentCandidates(trx, teamId), now);
}

/** The ticket's change when the team's chosen agent takes it, decided by the same rule as an assignment by hand. */
export function autoAssignmentDecision(
  state: TicketState,
  choice: { userId: string },
  teamId: string,
  now: Date,
): TicketDecision {
  // The system acts as an agent would: assigning never reopens, so no admin right is involved.
  return decideTicketChange(
    state,
    { assigned_to: { id: choice.userId, team_id: teamId } },
    { role: "agent" },
    now,
  );
}

/**
 * After the ticket's change is written: the history entry saying why (or why nobody), and the chosen agent's
 * place at the back of the rotation.
 */
export async function recordAutoAssignment(
  trx: Kysely<DB>,
  ticketId: string,
  choice: AssignmentChoice,
  now: Date,
): Promise<AutoAssignment | null> {
  const assigned = "userId" in choice;
  await insertTicketEvents(trx, [
    {
      ticket_id: ticketId,
      actor_id: null,
      type: assigned ? autoAssignedEvent : autoAssignmentSkippedEvent,
      field: "assigned_to",
      new_value: assigned ? choice.reason : choice.none,
      created_at: now,
    },
  ]);
  if (!assigned) return null;
  await markAutoAssigned(trx, choice.userId, choice.at);
  return { ticketId, userId: choice.userId, reason: choice.reason };
}

/**
 * The creation job's step (email/ticket-created.job.ts): each new ticket waiting for its team's agent, tried
 * once, each in a short transaction of its own (see the lock order above). The job may run again after a
 * crash: a ticket already tried, or assigned or moved meanwhile, is left as it is.
 */
export async function autoAssignNewTickets(
  ctx: Pick<AppContext, "db" | "sla">,
  ticketIds: readonly string[],
  now: Date,
): Promise<AutoAssignment[]> {
  const assignments: AutoAssignment[] = [];
  for (const id of await findNewTicketsAwaitingAssignee(ctx.db, ticketIds)) {
    const assigned = await ctx.db.transaction().execute(async (trx) => {
      const current = await lockTicket(trx, id);
      const teamId = current ? teamAwaitingAssignee(current) : null;
      // Read under the lock, in statements of their own: what another run or a PATCH committed first counts.
      if (!current || !teamId || (await wasAutoAssignmentTried(trx, id))) return null;
      const choice = await planAutoAssignment(trx, teamId, now);
      if (!choice) return null;
      if ("userId" in choice) {
        const decision = autoAssignmentDecision(current, choice, teamId, now);
        await writeTicketChange(trx, {
          id,
          current,
          patch: decision.patch,
          history: [{ actorId: null, changes: decision.changes }],
          now,
          sla: ctx.sla,
        });
      }
      return recordAutoAssignment(trx, id, choice, now);
    });
    if (assigned) assignments.push(assigned);
  }
  return assignments;
}
