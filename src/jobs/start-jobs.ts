import type { Kysely } from "kysely";
import type { Engine } from "../db/database.js";
import type { DB } from "../db/schema.js";
import { type JobLog, JobRunner, type JobRunnerOptions } from "./job-runner.js";
import type { JobType } from "./job-type.js";

export type JobsDeps = { db: Kysely<DB>; engine: Engine; log?: JobLog };

export type StartJobsOptions = Omit<JobRunnerOptions, "db" | "types" | "log"> & {
  /** Recurring jobs: a type name and its period in ms. */
  schedules?: readonly { name: string; everyMs: number }[];
};

/**
 * What a server calls to run jobs (not yet wired into serve.ts): builds a runner for `types`, registers
 * the recurring ones and starts polling. Stop it with `runner.stop()` before closing the database.
 *
 *   const jobs = startJobs({ db, engine, log: app.log }, [sendMail, sweepSla], {
 *     schedules: [{ name: "sla.sweep", everyMs: 60_000 }],
 *   });
 *   ...; await jobs.stop(); await database.close();
 */
export function startJobs(
  deps: JobsDeps,
  types: readonly JobType[],
  options: StartJobsOptions = {},
): JobRunner {
  const { schedules = [], ...runnerOptions } = options;
  const runner = new JobRunner({
    // The embedded database is one connection: handlers queue behind each other's statements anyway, and
    // two at a time keeps a sweep from crowding out HTTP requests; mail waits on SMTP, not on the database.
    concurrency: deps.engine === "pglite" ? 2 : 4,
    ...runnerOptions,
    db: deps.db,
    types,
    ...(deps.log ? { log: deps.log } : {}),
  });
  for (const schedule of schedules) runner.schedule(schedule.name, schedule.everyMs);
  runner.start();
  return runner;
}
