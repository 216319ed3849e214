import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { Actor, AppContext } from "../server/context.js";
import { newId } from "../shared/ids.js";
import { slaForNewTicket } from "../sla/sla-clock.js";
import type { SlaPolicyBook } from "../sla/sla-policy-book.js";
import { presentTicket } from "./ticket.presenter.js";
import type { TicketRow } from "./ticket.repository.js";
import type { CreateTicketInput, TicketView } from "./ticket.schema.js";
import {
  insertNumberedTickets,
  type NewTicketRecord,
  type TicketNumbering,
} from "./ticket-intake.repository.js";
import { formatTicketNumber, ticketDay } from "./ticket-number.js";
import { checkContactCompany, checkReferences, referenceGone } from "./ticket-references.js";
import { decideNewTicket } from "./ticket-rules.js";

export type { NewTicketRecord };

/** Where and when a ticket is created: its day (in the configured time zone) and its number's prefix. */
function numberingOf(now: Date, timeZone: string): TicketNumbering {
  const day = ticketDay(now, timeZone);
  // T-YYYYMMDD- : formatTicketNumber stays the definition; the statement appends the padded counter.
  return { day, prefix: formatTicketNumber(day, 1).slice(0, -4) };
}

/**
 * Numbers and inserts a ticket with its `created` event (SPEC §3.1), dated by the configured time zone.
 * One atomic statement: on its own it commits at once; inside a caller's transaction (a ticket and its
 * first message, say) the number is given back if that transaction rolls back.
 */
export async function recordNewTicket(
  db: Kysely<DB>,
  ticket: NewTicketRecord,
  clock: { now: Date; timeZone: string; sla: SlaPolicyBook },
): Promise<string> {
  const sla = await slaForNewTicket(clock.sla, db, {
    priority: ticket.priority,
    assigned_team: ticket.assigned_team ?? null,
    status: ticket.status,
    created_at: clock.now,
    due_date: ticket.due_date ?? null,
  });
  const [row] = await insertNumberedTickets(db, numberingOf(clock.now, clock.timeZone), [
    { ...ticket, ...sla, created_at: clock.now, event_id: newId() },
  ]);
  if (!row) throw new Error("the new ticket was not inserted");
  return row.ticket_number;
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
  const now = new Date();
  const sla = await slaForNewTicket(ctx.sla, ctx.db, {
    priority: input.priority,
    assigned_team,
    status,
    created_at: now,
    due_date: input.due_date ?? null,
  });
  let row: TicketRow;
  try {
    // Through this server's intake: tickets created at the same moment share one statement and commit.
    row = await ctx.intake.record(numberingOf(now, ctx.config.timeZone), {
      id: newId(),
      event_id: newId(),
      created_at: now,
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
      tags: input.tags ?? [],
      channel: actor.via === "token" ? "api" : "web",
      cc: input.cc ?? [],
      ...sla,
    });
  } catch (error) {
    throw referenceGone(error) ?? error;
  }
  // Only a ticket with a due date can be overdue (the SLA's, a day or more away, is not yet).
  if (input.due_date) ctx.overdue.invalidate();
  return presentTicket(row, actor, now);
}
