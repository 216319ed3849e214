import type { Kysely } from "kysely";
import type { DB, Insertable, TicketsTable } from "../db/schema.js";
import type { Actor, AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import { getTicket } from "./get-ticket.js";
import { insertNumberedTicket } from "./ticket.repository.js";
import type { CreateTicketInput, TicketView } from "./ticket.schema.js";
import { formatTicketNumber, ticketDay } from "./ticket-number.js";
import { checkContactCompany, checkReferences, referenceGone } from "./ticket-references.js";
import { decideNewTicket } from "./ticket-rules.js";

export type NewTicketRecord = Omit<
  Insertable<TicketsTable>,
  "ticket_number" | "created_at" | "updated_at"
> & {
  id: string;
};

/**
 * Numbers and inserts a ticket with its `created` event (SPEC §3.1), dated by the configured time zone.
 * One atomic statement: on its own it commits at once; inside a caller's transaction (a ticket and its
 * first message, say) the number is given back if that transaction rolls back.
 */
export async function recordNewTicket(
  db: Kysely<DB>,
  ticket: NewTicketRecord,
  clock: { now: Date; timeZone: string },
): Promise<string> {
  const day = ticketDay(clock.now, clock.timeZone);
  // T-YYYYMMDD- : formatTicketNumber stays the definition; the statement appends the padded counter.
  const prefix = formatTicketNumber(day, 1).slice(0, -4);
  return insertNumberedTicket(db, { day, prefix }, { ...ticket, created_at: clock.now }, newId());
}

/** POST /tickets: checks the references, routes and assigns (SPEC §3.4-3.5), then records the ticket. */
export async function createTicket(
  ctx: AppContext,
  input: CreateTicketInput,
  actor: Actor,
): Promise<TicketView> {
  const refs = await checkReferences(ctx.db, {
    companyId: input.company_id,
    contactId: input.contact_id ?? undefined,
    categoryKey: input.category,
    userId: input.assigned_to ?? undefined,
    teamId: input.assigned_team ?? undefined,
  });
  checkContactCompany(refs.contactCompanyId, input.company_id);
  if (!refs.category) throw new Error("category was checked");
  const { status, assigned_team } = decideNewTicket({
    category: refs.category,
    assigned_team: input.assigned_team ?? null,
    assignee: refs.assignee ?? null,
  });
  const id = newId();
  try {
    await recordNewTicket(
      ctx.db,
      {
        id,
        subject: input.subject,
        description: input.description,
        status,
        priority: input.priority,
        category: refs.category.key,
        company_id: input.company_id,
        contact_id: input.contact_id ?? null,
        assigned_to: refs.assignee?.id ?? null,
        assigned_team,
        created_by: actor.id,
        due_date: input.due_date ?? null,
        tags: input.tags ?? [],
      },
      { now: new Date(), timeZone: ctx.config.timeZone },
    );
  } catch (error) {
    throw referenceGone(error) ?? error;
  }
  // Only a ticket with a due date can be overdue.
  if (input.due_date) ctx.overdue.invalidate();
  return getTicket(ctx, id, actor);
}
