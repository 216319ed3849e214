import type { Kysely } from "kysely";
import type { Engine } from "../db/database.js";
import type { DB } from "../db/schema.js";
import { type JobLog, JobRunner, type JobRunnerOptions } from "./job-runner.js";
import type { JobType } from "./job-type.js";

/**
 * Jobs running at once per process. The embedded database is one connection: handlers queue behind each
 * other's statements anyway, and two at a time keeps a sweep from crowding out HTTP requests. On
 * PostgreSQL most jobs are `email.send`, which hold no transaction and spend their time waiting: on SMTP
 * and on their six statements' round trips (pipelined, outside transactions). With four at a time a server
 * sent 69–80 mails a second to a local relay, the process mostly idle; with sixteen 128–226
 * (bench/README.md, "Mail"). The recurring sweeps are one job each whatever the limit.
 */
export const defaultJobConcurrency = { pglite: 2, postgres: 16 } as const satisfies Record<Engine, number>;

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
    concurrency: defaultJobConcurrency[deps.engine],
    ...runnerOptions,
    db: deps.db,
    types,
    ...(deps.log ? { log: deps.log } : {}),
  });
  for (const schedule of schedules) runner.schedule(schedule.name, schedule.everyMs);
  runner.start();
  return runner;
}
