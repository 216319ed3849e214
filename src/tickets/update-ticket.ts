import { queueMailsForChange } from "../email/queue-mail.js";
import type { Actor, AppContext } from "../server/context.js";
import { NotFoundError } from "../shared/errors.js";
import { getTicket } from "./get-ticket.js";
import { authorizeTicket } from "./ticket.policy.js";
import { lockTicket, updateTicketRow } from "./ticket.repository.js";
import type { TicketView, UpdateTicketInput } from "./ticket.schema.js";
import { insertTicketEvents } from "./ticket-event.repository.js";
import { checkContactCompany, checkReferences, referenceGone } from "./ticket-references.js";
import { decideTicketChange, type TicketChanges } from "./ticket-rules.js";

/** Looks up the records the request names (outside the transaction, to keep the row lock short). */
async function resolveChanges(ctx: AppContext, input: UpdateTicketInput) {
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
  const { changes, contactCompanyId } = await resolveChanges(ctx, input);
  const now = new Date();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const current = await lockTicket(trx, id);
      if (!current) throw new NotFoundError("Ticket", id);
      authorizeTicket(actor, "update", current);
      checkContactCompany(contactCompanyId, current.company_id);
      const decision = decideTicketChange(current, changes, actor, now);
      await updateTicketRow(trx, id, decision.patch);
      await insertTicketEvents(
        trx,
        decision.changes.map((change) => ({
          ticket_id: id,
          actor_id: actor.id,
          type: "field_changed",
          ...change,
          created_at: now,
        })),
      );
      // "Resolved" to the contact, "assigned to you" to a new assignee: the outbox, in this transaction.
      await queueMailsForChange(trx, ctx, { ticketId: id, actor, changes: decision.changes });
    });
  } catch (error) {
    throw referenceGone(error) ?? error;
  }
  ctx.overdue.invalidate();
  return getTicket(ctx, id, actor);
}
