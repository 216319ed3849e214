import type { Kysely } from "kysely";
import {
  type AutoAssignment,
  autoAssignmentDecision,
  planAutoAssignment,
  recordAutoAssignment,
} from "../assignment/auto-assign.js";
import { teamAwaitingAssignee } from "../assignment/choose-assignee.js";
import type { DB } from "../db/schema.js";
import { queueMailsForChange } from "../email/queue-mail.js";
import type { Actor, AppContext } from "../server/context.js";
import { NotFoundError } from "../shared/errors.js";
import type { SlaPolicyBook } from "../sla/sla-policy-book.js";
import { getTicket } from "./get-ticket.js";
import { authorizeTicket } from "./ticket.policy.js";
import { lockTicket } from "./ticket.repository.js";
import type { TicketView, UpdateTicketInput } from "./ticket.schema.js";
import { checkContactCompany, checkReferences, referenceGone } from "./ticket-references.js";
import { decideTicketChange, type FieldChange, type TicketChanges } from "./ticket-rules.js";
import { writeTicketChange } from "./write-ticket-change.js";

/**
 * Looks up the records a change names (outside the transaction, to keep the row lock short): a missing or
 * deactivated one is a 400 naming its field.
 */
export async function resolveTicketChanges(ctx: AppContext, input: UpdateTicketInput) {
  const { category, assigned_to, ...plain } = input;
  const refs = await checkReferences(ctx.db, {
    contactId: input.contact_id ?? undefined,
    categoryKey: category,
    userId: assigned_to ?? undefined,
    teamId: input.assigned_team ?? undefined,
  });
  const changes: TicketChanges = { ...plain };
  if (category !== undefined) changes.category = refs.category;
  if (assigned_to !== undefined) changes.assigned_to = refs.assignee ?? null;
  return { changes, contactCompanyId: refs.contactCompanyId };
}

/**
 * PATCH /tickets/{id}: locks the row, re-checks the caller may still change it, lets the rules decide
 * (decideTicketChange) and writes the change with its history in one transaction.
 */
export async function updateTicket(
  ctx: AppContext,
  id: string,
  input: UpdateTicketInput,
  actor: Actor,
): Promise<TicketView> {
  const { changes, contactCompanyId } = await resolveTicketChanges(ctx, input);
  const now = new Date();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const written = await changeTicket(trx, { id, changes, contactCompanyId, actor, now, sla: ctx.sla });
      // "Resolved" to the contact, "assigned to you" to a new assignee: the outbox, in this transaction.
      await queueMailsForChange(trx, ctx, { ticketId: id, actor, ...written });
    });
  } catch (error) {
    throw referenceGone(error) ?? error;
  }
  ctx.overdue.invalidate();
  return getTicket(ctx, id, actor);
}

/** What a change wrote: one history entry per changed field, and the auto-assignment it led to, if any. */
export type WrittenChange = { changes: FieldChange[]; autoAssigned: AutoAssignment | null };

/**
 * A ticket change inside the caller's transaction (a PATCH, a macro): locks the row, re-checks the caller may
 * still change it, lets the rules decide (decideTicketChange) and writes the change with one history event
 * per changed field. A ticket moved to another team with nobody assigned gets the agent that team's rule picks
 * (SPEC §7, auto-assign.ts), in the same update. Returns what was written; the caller queues the mails it
 * causes (queueMailsForChange).
 */
export async function changeTicket(
  trx: Kysely<DB>,
  change: {
    id: string;
    changes: TicketChanges;
    contactCompanyId?: string | undefined;
    actor: Actor;
    now: Date;
    sla: SlaPolicyBook;
  },
): Promise<WrittenChange> {
  const { id, actor, now } = change;
  const current = await lockTicket(trx, id);
  if (!current) throw new NotFoundError("Ticket", id);
  authorizeTicket(actor, "update", current);
  checkContactCompany(change.contactCompanyId, current.company_id);
  const decision = decideTicketChange(current, change.changes, actor, now);
  const moved = { ...current, ...decision.patch };
  // Moved to another team with nobody assigned: the team's rule may assign it (SPEC §7), in the same update.
  // Its team is locked now, after the ticket and before any write (auto-assign.ts: lock order).
  const teamId = decision.patch.assigned_team !== undefined ? teamAwaitingAssignee(moved) : null;
  const choice = teamId ? await planAutoAssignment(trx, teamId, now) : null;
  const auto =
    teamId && choice && "userId" in choice ? autoAssignmentDecision(moved, choice, teamId, now) : undefined;
  await writeTicketChange(trx, {
    id,
    current,
    patch: { ...decision.patch, ...auto?.patch },
    history: [
      { actorId: actor.id, changes: decision.changes },
      { actorId: null, changes: auto?.changes ?? [] },
    ],
    dueDateByHand: change.changes.due_date,
    now,
    sla: change.sla,
  });
  const autoAssigned = choice ? await recordAutoAssignment(trx, id, choice, now) : null;
  return { changes: decision.changes, autoAssigned };
}
