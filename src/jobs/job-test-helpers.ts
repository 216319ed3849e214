import type { Kysely } from "kysely";
import type { DB, Job } from "../db/schema.js";
import { JobRunner, type JobRunnerOptions } from "./job-runner.js";

/** A runner that polls often, so tests wait milliseconds rather than seconds. */
export function testRunner(options: Omit<JobRunnerOptions, "pollMs" | "leaseCheckMs"> & { pollMs?: number }) {
  return new JobRunner({ pollMs: 20, leaseCheckMs: 20, ...options });
}

export async function getJob(db: Kysely<DB>, id: string | undefined): Promise<Job> {
  if (!id) throw new Error("no job id");
  return db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export function jobsNamed(db: Kysely<DB>, name: string): Promise<Job[]> {
  return db.selectFrom("jobs").selectAll().where("name", "=", name).orderBy("created_at").execute();
}

/** Resolves after `ms`, or rejects when the signal is aborted first (as a cooperating handler does). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
