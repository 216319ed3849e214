import type { Actor, AppContext } from "../server/context.js";
import { NotFoundError } from "../shared/errors.js";
import { uuidPattern } from "../shared/ids.js";
import { presentTicket } from "./ticket.presenter.js";
import { findTicket, type TicketKey } from "./ticket.repository.js";
import type { TicketView } from "./ticket.schema.js";

/** A ticket is named by its id or its number, in any case. */
export function ticketKey(idOrNumber: string): TicketKey {
  return uuidPattern.test(idOrNumber) ? { id: idOrNumber } : { ticket_number: idOrNumber.toUpperCase() };
}

/** One ticket as the caller sees it, or NotFoundError. */
export async function getTicket(ctx: AppContext, idOrNumber: string, actor: Actor): Promise<TicketView> {
  const row = await findTicket(ctx.db, ctx.names, ticketKey(idOrNumber));
  if (!row) throw new NotFoundError("Ticket", idOrNumber);
  return presentTicket(row, actor, new Date());
}
