import { type Kysely, sql, type Transaction, type UpdateObject } from "kysely";
import type { DB, Job, JobStatus } from "../db/schema.js";
import { jobStatuses } from "../db/schema.js";

/** The database a statement runs on: the app's, or a caller's transaction. */
export type JobDb = Kysely<DB> | Transaction<DB>;

export type NewJob = {
  id: string;
  name: string;
  payload?: unknown;
  runAt?: Date | undefined;
  key?: string | undefined;
  maxAttempts?: number | undefined;
};

/** Inserts a job; undefined when an unfinished job already has its key. */
export async function insertJob(db: JobDb, job: NewJob): Promise<string | undefined> {
  const row = await db
    .insertInto("jobs")
    .values({
      id: job.id,
      name: job.name,
      payload: JSON.stringify(job.payload ?? {}),
      run_at: job.runAt,
      key: job.key ?? null,
      max_attempts: job.maxAttempts ?? null,
    })
    // The predicate is written out (not parameters) so PostgreSQL can match it to jobs_key_unfinished.
    .onConflict((oc) => oc.column("key").where(sql<boolean>`status in ('queued', 'running')`).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** A job as a runner holds it; (id, locked_by, attempts) is the claim the outcome must still match. */
export type ClaimedJob = {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number | null;
  last_error: string | null;
};

export type ClaimRequest = {
  runnerId: string;
  types: readonly { name: string; leaseMs: number }[];
  limit: number;
};

/**
 * Takes up to `limit` due queued jobs of the given types in one statement: the inner select walks the
 * `jobs_due` index in run_at order and skips rows another runner is taking, the update marks them running
 * under this runner's lease (each type's own length). No transaction stays open after it.
 */
export async function claimJobs(db: Kysely<DB>, claim: ClaimRequest): Promise<ClaimedJob[]> {
  const { rows } = await claimStatement(claim).execute(db);
  return rows;
}

/** The claim's SQL, also for EXPLAIN in tests and the benchmark. */
export function claimStatement(claim: ClaimRequest) {
  const names = claim.types.map((t) => t.name);
  const leases = claim.types.map((t) => t.leaseMs);
  return sql<ClaimedJob>`
    update jobs
    set status = 'running',
      attempts = attempts + 1,
      locked_by = ${claim.runnerId},
      locked_until = now()
        + (${sql.val(leases)}::int[])[array_position(${sql.val(names)}::text[], name)] * interval '1 millisecond',
      updated_at = now()
    where id in (
      select id from jobs
      where status = 'queued' and run_at <= now() and name = any(${sql.val(names)}::text[])
      order by run_at
      limit ${claim.limit}
      for update skip locked
    )
    returning id, name, payload, attempts, max_attempts, last_error`;
}

/** The claim still holds: nobody took the job over after its lease ran out. */
const heldBy = (runnerId: string, job: ClaimedJob) =>
  sql<boolean>`id = ${job.id} and status = 'running' and locked_by = ${runnerId} and attempts = ${job.attempts}`;

/** Ends the runner's hold on a job with these values; false when the hold was lost (its lease ran out). */
async function releaseHeld(
  db: Kysely<DB>,
  runnerId: string,
  job: ClaimedJob,
  values: UpdateObject<DB, "jobs">,
): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set({ ...values, locked_by: null, locked_until: null, updated_at: sql<Date>`now()` })
    .where(heldBy(runnerId, job))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function completeJob(db: Kysely<DB>, runnerId: string, job: ClaimedJob): Promise<boolean> {
  return releaseHeld(db, runnerId, job, { status: "done", finished_at: sql<Date>`now()` });
}

/** Back to the queue after `delayMs`, with the error that ended this attempt. */
export function retryJobLater(
  db: Kysely<DB>,
  runnerId: string,
  job: ClaimedJob,
  delayMs: number,
  error: string,
): Promise<boolean> {
  return releaseHeld(db, runnerId, job, {
    status: "queued",
    run_at: sql<Date>`now() + ${delayMs} * interval '1 millisecond'`,
    last_error: error,
  });
}

export function failJob(db: Kysely<DB>, runnerId: string, job: ClaimedJob, error: string): Promise<boolean> {
  return releaseHeld(db, runnerId, job, {
    status: "failed",
    last_error: error,
    finished_at: sql<Date>`now()`,
  });
}

/** A stopping runner gives its unfinished jobs back: queued at once, the interrupted attempt not counted. */
export async function releaseJobs(
  db: Kysely<DB>,
  runnerId: string,
  jobs: readonly ClaimedJob[],
): Promise<number> {
  if (jobs.length === 0) return 0;
  const result = await db
    .updateTable("jobs")
    .set({
      status: "queued",
      attempts: sql<number>`attempts - 1`,
      run_at: sql<Date>`now()`,
      locked_by: null,
      locked_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", sql<string>`any(${sql.val(jobs.map((j) => j.id))}::uuid[])`)
    .where("status", "=", "running")
    .where("locked_by", "=", runnerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Running jobs whose lease ran out (their instance died or hung) go back to the queue. The lost attempt
 * counts: a job that kills its instance every time ends `failed` once its runs are used up.
 */
export async function requeueExpiredLeases(db: Kysely<DB>): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set({
      status: "queued",
      run_at: sql<Date>`now()`,
      last_error: sql<string>`'Lease expired: ' || coalesce(locked_by, '?') || ' stopped before finishing it'`,
      locked_by: null,
      locked_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where("status", "=", "running")
    .where("locked_until", "<", sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes up to `limit` done and failed jobs finished longer ago than their retention. */
export async function pruneFinishedJobs(
  db: Kysely<DB>,
  retention: { doneMs: number; failedMs: number; limit: number },
): Promise<number> {
  const result = await sql`
    delete from jobs where id in (
      (select id from jobs
        where status = 'done' and finished_at < now() - ${retention.doneMs} * interval '1 millisecond'
        limit ${retention.limit})
      union all
      (select id from jobs
        where status = 'failed' and finished_at < now() - ${retention.failedMs} * interval '1 millisecond'
        limit ${retention.limit})
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Creates or updates a recurring job's row; returns when it is next due. */
export async function saveSchedule(db: Kysely<DB>, name: string, everyMs: number): Promise<Date> {
  const row = await db
    .insertInto("job_schedules")
    .values({ name, every_ms: everyMs, next_run_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc.column("name").doUpdateSet({
        every_ms: everyMs,
        // A shorter period takes effect now rather than after the old one's wait.
        next_run_at: sql<Date>`least(job_schedules.next_run_at, now() + ${everyMs} * interval '1 millisecond')`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning("next_run_at")
    .executeTakeFirstOrThrow();
  return row.next_run_at;
}

/**
 * When the schedule is due, moves it to the start of its next period and enqueues one run, in one
 * statement: of several instances only the one whose update matched enqueues. The run's key is
 * `schedule:<name>`, so a run still waiting or running from an earlier period is not doubled.
 */
export async function enqueueScheduledRun(
  db: Kysely<DB>,
  schedule: { id: string; name: string },
): Promise<{ jobId: string | null; nextRunAt: Date }> {
  const { rows } = await sql<{ job_id: string | null; next_run_at: Date }>`
    with due as (
      update job_schedules
      set next_run_at = to_timestamp(
          (floor(extract(epoch from now()) * 1000 / every_ms) + 1) * every_ms / 1000.0),
        updated_at = now()
      where name = ${schedule.name} and next_run_at <= now()
      returning next_run_at
    ), inserted as (
      insert into jobs (id, name, key)
      select ${schedule.id}, ${schedule.name}, ${`schedule:${schedule.name}`} from due
      on conflict (key) where status in ('queued', 'running') do nothing
      returning id
    )
    select (select id from inserted) as job_id,
      coalesce((select next_run_at from due),
        (select next_run_at from job_schedules where name = ${schedule.name})) as next_run_at`.execute(db);
  const row = rows[0];
  if (!row?.next_run_at) throw new Error(`Job schedule ${schedule.name} is missing`);
  return { jobId: row.job_id, nextRunAt: row.next_run_at };
}

// Admin visibility

export type JobSummary = Pick<
  Job,
  "id" | "name" | "payload" | "status" | "attempts" | "max_attempts" | "last_error" | "run_at" | "created_at"
> & { finished_at: Date | null };

/** Failed jobs, most recently failed first. */
export async function findFailedJobs(
  db: Kysely<DB>,
  options: { limit?: number } = {},
): Promise<JobSummary[]> {
  return db
    .selectFrom("jobs")
    .select([
      "id",
      "name",
      "payload",
      "status",
      "attempts",
      "max_attempts",
      "last_error",
      "run_at",
      "created_at",
      "finished_at",
    ])
    .where("status", "=", "failed")
    .orderBy("finished_at", "desc")
    .limit(options.limit ?? 50)
    .execute();
}

export type RetryFailedResult = "queued" | "not-failed" | "key-taken";

/**
 * Sends a failed job back to the queue with its attempts reset (its last error stays until the next run).
 * "key-taken": another unfinished job has its key, so it would do the same work.
 */
export async function retryFailedJob(db: Kysely<DB>, id: string): Promise<RetryFailedResult> {
  try {
    const result = await db
      .updateTable("jobs")
      .set({
        status: "queued",
        attempts: 0,
        run_at: sql<Date>`now()`,
        finished_at: null,
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", id)
      .where("status", "=", "failed")
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? "queued" : "not-failed";
  } catch (error) {
    if ((error as { code?: string }).code === "23505") return "key-taken";
    throw error;
  }
}

export async function countJobsByStatus(db: Kysely<DB>): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom("jobs")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .groupBy("status")
    .execute();
  const counts = Object.fromEntries(jobStatuses.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}
