import { startMailChannel } from "../email/mail-channel.js";
import type { MailTransport } from "../email/smtp-transport.js";
import type { JobRunner } from "../jobs/job-runner.js";
import type { JobType } from "../jobs/job-type.js";
import { startJobs } from "../jobs/start-jobs.js";
import { slaSweepEveryMs, slaSweepJob, slaSweepJobType } from "../sla/sla-sweep.job.js";
import type { AppContext } from "./context.js";

export type BackgroundWork = {
  jobs: JobRunner;
  smtpAddress: { port: number; host: string } | null;
  /** Stops taking mail and jobs; running jobs finish (or are given back) before it resolves. */
  close(): Promise<void>;
};

/**
 * What a server runs besides HTTP: the mail channel (SMTP listener, IMAP watchers) and the durable jobs
 * (sending mail, the mail and SLA sweeps). Every instance runs it; jobs run once across instances (src/jobs/).
 */
export async function startBackgroundWork(
  ctx: AppContext,
  options: { pollMs?: number; imapPollMs?: number; transport?: MailTransport } = {},
): Promise<BackgroundWork> {
  const mail = await startMailChannel(ctx, options);
  const jobTypes = [...mail.jobTypes, slaSweepJobType(ctx) as JobType];
  const schedules = [...mail.schedules, { name: slaSweepJob, everyMs: slaSweepEveryMs }];
  const jobs = startJobs({ db: ctx.db, engine: ctx.engine, log: ctx.log }, jobTypes, {
    schedules,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
  return {
    jobs,
    smtpAddress: mail.smtpAddress,
    async close() {
      await mail.close();
      await jobs.stop();
    },
  };
}
