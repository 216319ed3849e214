import { ticketCreatedJobType } from "../email/ticket-created.job.js";
import type { AppContext } from "../server/context.js";

/**
 * Runs the job a new ticket's insert enqueued (its acknowledgement and agents' notices), as a runner would,
 * for tests that run no JobRunner. Twice: a job may run again after a crash and must write its mails once.
 */
export async function runTicketCreatedJob(ctx: AppContext, ticketId: string): Promise<void> {
  const job = await ctx.db
    .selectFrom("jobs")
    .select(["id", "payload"])
    .where("key", "=", `email.ticket-created:${ticketId}`)
    .executeTakeFirstOrThrow();
  const type = ticketCreatedJobType(ctx);
  const context = { jobId: job.id, attempt: 1, maxAttempts: 1, signal: new AbortController().signal };
  const payload = type.parse ? type.parse(job.payload) : (job.payload as { ticketId: string });
  await type.run(payload, context);
  await type.run(payload, context);
}
