import { defineJobType } from "../jobs/job-type.js";
import type { AppContext } from "../server/context.js";
import { ticketCreatedJob } from "../tickets/ticket-intake.repository.js";
import { queueMailsForCreatedTickets } from "./queue-mail.js";

/**
 * Writes the mails about new tickets (queue-mail.ts) into the outbox. Enqueued by the tickets' own insert, one
 * job per batch of tickets (`{ticketIds}`), so it runs for tickets from every channel (web, API, mail,
 * portal); it only writes outbox rows, so it runs without SMTP_URL too. `{ticketId}` is what a version before
 * batching enqueued, still taken.
 */
export function ticketCreatedJobType(ctx: AppContext) {
  return defineJobType<{ ticketIds: string[] }>({
    name: ticketCreatedJob,
    parse: (payload) => {
      const p = payload as { ticketIds?: unknown; ticketId?: unknown } | null;
      if (typeof p?.ticketId === "string") return { ticketIds: [p.ticketId] };
      const ids = p?.ticketIds;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string"))
        throw new Error("payload has no ticketIds");
      return { ticketIds: ids };
    },
    async run({ ticketIds }) {
      await ctx.db.transaction().execute((trx) => queueMailsForCreatedTickets(trx, ctx, ticketIds));
    },
  });
}
