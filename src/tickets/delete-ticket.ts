import type { AppContext } from "../server/context.js";
import { NotFoundError } from "../shared/errors.js";
import { deleteTicketRow } from "./ticket.repository.js";

/**
 * DELETE /tickets/{id} (the handler has authorized `delete`): the ticket, its comments, events and attachment rows go in one
 * transaction; the files are removed only after it commits, so a rollback never loses a file.
 */
export async function deleteTicket(ctx: AppContext, id: string): Promise<void> {
  const keys = await ctx.db.transaction().execute(async (trx) => {
    const deleted = await deleteTicketRow(trx, id);
    if (!deleted) throw new NotFoundError("Ticket", id);
    return deleted;
  });
  ctx.overdue.invalidate();
  await ctx.storage.remove(keys);
}
