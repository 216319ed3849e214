import { defineJobType } from "../jobs/job-type.js";
import type { AppContext } from "../server/context.js";
import { ticketCreatedJob } from "../tickets/ticket-intake.repository.js";
import { queueMailsForCreatedTicket } from "./queue-mail.js";

/**
 * Writes the agents' mails about a new ticket (queue-mail.ts) into the outbox. Enqueued by the ticket's own
 * insert, so it runs for tickets from every channel (web, API, mail, portal); it only writes outbox rows,
 * so it runs without SMTP_URL too.
 */
export function ticketCreatedJobType(ctx: AppContext) {
  return defineJobType<{ ticketId: string }>({
    name: ticketCreatedJob,
    parse: (payload) => {
      const ticketId = (payload as { ticketId?: unknown } | null)?.ticketId;
      if (typeof ticketId !== "string") throw new Error("payload has no ticketId");
      return { ticketId };
    },
    async run({ ticketId }) {
      await ctx.db.transaction().execute((trx) => queueMailsForCreatedTicket(trx, ctx, ticketId));
    },
  });
}
