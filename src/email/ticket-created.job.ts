import { findAutoAssignedTickets } from "../assignment/assignment.repository.js";
import { autoAssignNewTickets } from "../assignment/auto-assign.js";
import { defineJobType } from "../jobs/job-type.js";
import type { AppContext } from "../server/context.js";
import { ticketCreatedJob } from "../tickets/ticket-intake.repository.js";
import { queueMailsForCreatedTickets } from "./queue-mail.js";

/**
 * Auto-assigns new tickets of teams that assign round robin or least loaded (assignment/auto-assign.ts, each
 * ticket in a short transaction of its own), then writes the mails about new tickets (queue-mail.ts) into the
 * outbox. Enqueued by the tickets' own insert, one job per batch of tickets (`{ticketIds}`), so it runs for
 * tickets from every channel (web, API, mail, portal); it only writes outbox rows, so it runs without SMTP_URL
 * too. `{ticketId}` is what a version before batching enqueued, still taken.
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
      // First the team's agent (SPEC §7), so "assigned to you" goes to whom auto-assignment chose.
      await autoAssignNewTickets(ctx, ticketIds, new Date());
      await ctx.db.transaction().execute(async (trx) => {
        // Read, not passed on: a run after a crash between the two steps still knows who chose the assignee.
        const autoAssigned = await findAutoAssignedTickets(trx, ticketIds);
        await queueMailsForCreatedTickets(trx, ctx, ticketIds, autoAssigned);
      });
    },
  });
}
