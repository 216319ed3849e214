import { sql } from "kysely";
import { ticketCreatedJobType } from "../email/ticket-created.job.js";
import type { AppContext } from "../server/context.js";
import { ticketCreatedJob } from "../tickets/ticket-intake.repository.js";

/**
 * Runs the job a new ticket's insert enqueued (its acknowledgement and agents' notices), as a runner would,
 * for tests that run no JobRunner. Twice: a job may run again after a crash and must write its mails once.
 */
export async function runTicketCreatedJob(ctx: AppContext, ticketId: string): Promise<void> {
  const job = await ctx.db
    .selectFrom("jobs")
    .select(["id", "payload"])
    .where("name", "=", ticketCreatedJob)
    .where(sql<boolean>`payload->'ticketIds' ? ${ticketId}`)
    .executeTakeFirstOrThrow();
  const type = ticketCreatedJobType(ctx);
  const context = { jobId: job.id, attempt: 1, maxAttempts: 1, signal: new AbortController().signal };
  const payload = type.parse ? type.parse(job.payload) : (job.payload as { ticketIds: string[] });
  await type.run(payload, context);
  await type.run(payload, context);
}
