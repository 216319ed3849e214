import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";
import { enqueueJob, type JobRequest } from "./enqueue-job.js";
import {
  type ClaimedJob,
  claimJobs,
  completeJob,
  enqueueScheduledRun,
  failJob,
  type JobDb,
  pruneFinishedJobs,
  releaseJobs,
  requeueExpiredLeases,
  retryJobLater,
  saveSchedule,
} from "./job.repository.js";
import { afterFailure, type JobType, type ResolvedJobType, resolveJobType } from "./job-type.js";

/** The part of a pino (Fastify) logger the runner writes to. */
export type JobLog = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type EnqueuedJob = { id: string; name: string; runAt: Date };

export type JobRunnerOptions = {
  db: Kysely<DB>;
  /** The job types this runner runs; it claims no other. */
  types: readonly JobType[];
  /** Jobs running at once in this process. Default 4. */
  concurrency?: number;
  /** How often it looks for due jobs when nothing wakes it. Default 1 s. */
  pollMs?: number;
  /** How often it requeues jobs whose lease ran out. Default 5 s. */
  leaseCheckMs?: number;
  /** Done jobs are deleted after this (default 1 h), failed ones after `keepFailedMs` (default 30 days). */
  keepDoneMs?: number;
  keepFailedMs?: number;
  /** Names this runner in `jobs.locked_by`. Default host:pid:random. */
  runnerId?: string;
  log?: JobLog;
  /**
   * Called after `enqueue` (and a recurring run) wrote a job, with the database it was written on (a
   * transaction while one is open): the hook for a cross-instance notice, e.g. a NOTIFY in the same
   * transaction whose listeners call `wake()`.
   */
  onEnqueued?: (job: EnqueuedJob, db: JobDb) => void | Promise<void>;
};

type Running = {
  job: ClaimedJob;
  controller: AbortController;
  /** "writing" once the handler settled and its outcome is being stored. */
  state: "running" | "writing" | "released";
  finished: Promise<void>;
};

type Schedule = { name: string; everyMs: number; saved: boolean; nextRunAt: number };

const pruneEveryMs = 10 * 60_000;
const pruneBatch = 1_000;
const maxErrorLength = 2_000;

/** The error text stored on the job, which an admin (or a comment's delivery status) shows; logs get the stack. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > maxErrorLength ? `${text.slice(0, maxErrorLength)}…` : text;
}

export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";
}

/**
 * Runs due jobs from the database. Each claim is one short statement (job.repository.ts claimJobs) and
 * no transaction is held while a handler runs: a job is held by its lease, so any number of runners on
 * any number of instances share the table, and a job whose runner died is taken again after its lease.
 */
export class JobRunner {
  readonly runnerId: string;
  readonly #db: Kysely<DB>;
  readonly #types = new Map<string, ResolvedJobType>();
  readonly #claimTypes: { name: string; leaseMs: number }[];
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #leaseCheckMs: number;
  readonly #retention: { doneMs: number; failedMs: number };
  readonly #log: JobLog | undefined;
  readonly #onEnqueued: JobRunnerOptions["onEnqueued"];
  readonly #running = new Map<string, Running>();
  readonly #schedules = new Map<string, Schedule>();
  #loop: Promise<void> | undefined;
  #stopping = false;
  #woken = false;
  #wakeUp: (() => void) | undefined;
  #lastClaimFilled = false;
  #nextLeaseCheck = 0;
  #nextPrune = 0;

  constructor(options: JobRunnerOptions) {
    this.#db = options.db;
    for (const type of options.types) {
      if (this.#types.has(type.name)) throw new Error(`Job type ${type.name} is registered twice`);
      this.#types.set(type.name, resolveJobType(type));
    }
    this.#claimTypes = [...this.#types.values()].map((t) => ({ name: t.name, leaseMs: t.leaseMs }));
    this.#concurrency = options.concurrency ?? 4;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#leaseCheckMs = options.leaseCheckMs ?? 5_000;
    this.#retention = {
      doneMs: options.keepDoneMs ?? 3_600_000,
      failedMs: options.keepFailedMs ?? 30 * 86_400_000,
    };
    this.runnerId = options.runnerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#log = options.log;
    this.#onEnqueued = options.onEnqueued;
  }

  /** Starts polling; returns at once. */
  start(): void {
    if (this.#stopping) throw new Error("A stopped JobRunner cannot start again");
    this.#loop ??= this.#run();
  }

  /** Looks for due jobs now instead of at the next poll (after an enqueue, or a notice from elsewhere). */
  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /**
   * Enqueues a job (enqueueJob), then tells `onEnqueued`; outside a transaction it also wakes this runner
   * for a job due now. Inside one, the job is invisible until commit: call `wake()` after it, or let the
   * next poll find it.
   */
  async enqueue(db: JobDb, job: JobRequest): Promise<string | undefined> {
    const id = await enqueueJob(db, job);
    if (id !== undefined) await this.#enqueued({ id, name: job.name, runAt: job.runAt ?? new Date() }, db);
    return id;
  }

  /**
   * Runs a job of type `name` every `everyMs`, at multiples of it since the epoch (every 60 000: on the
   * minute), once across all instances that schedule it; a run still waiting or running is not doubled.
   */
  schedule(name: string, everyMs: number): void {
    if (!this.#types.has(name)) throw new Error(`Cannot schedule ${name}: no such job type in this runner`);
    if (!Number.isInteger(everyMs) || everyMs < 1_000) throw new Error("everyMs must be an integer ≥ 1000");
    this.#schedules.set(name, { name, everyMs, saved: false, nextRunAt: 0 });
    this.wake();
  }

  /**
   * Stops claiming, waits up to `graceMs` (default 10 s) for running handlers, then gives the jobs still
   * running back to the queue (their signal is aborted; the interrupted attempt does not count).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    const all = () => Promise.allSettled([...this.#running.values()].map((r) => r.finished));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    const unfinished = [...this.#running.values()].filter((r) => r.state === "running");
    for (const entry of unfinished) {
      entry.state = "released";
      entry.controller.abort(new Error("The job runner is stopping"));
      this.#running.delete(entry.job.id);
    }
    const released = await releaseJobs(
      this.#db,
      this.runnerId,
      unfinished.map((r) => r.job),
    );
    if (released > 0) this.#log?.info({ released }, "Jobs still running at stop were put back in the queue");
    // Outcomes being written finish before the caller closes the database.
    await all();
  }

  /** How many handlers run now. */
  get active(): number {
    return this.#running.size;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      try {
        await this.#tick();
      } catch (error) {
        this.#log?.error({ err: error }, "Job runner: a poll failed; trying again at the next one");
      }
      if (this.#stopping) break;
      if (!this.#woken) await this.#sleep();
      this.#woken = false;
    }
  }

  async #sleep(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wakeUp = resolve;
      timer = setTimeout(resolve, this.#pollMs);
    });
    clearTimeout(timer);
    this.#wakeUp = undefined;
  }

  async #tick(): Promise<void> {
    const now = Date.now();
    if (now >= this.#nextLeaseCheck) {
      this.#nextLeaseCheck = now + this.#leaseCheckMs;
      const requeued = await requeueExpiredLeases(this.#db);
      if (requeued > 0) this.#log?.warn({ requeued }, "Jobs whose lease ran out were put back in the queue");
    }
    await this.#runSchedules(now);
    if (now >= this.#nextPrune) {
      this.#nextPrune = now + pruneEveryMs;
      await pruneFinishedJobs(this.#db, { ...this.#retention, limit: pruneBatch });
    }
    let free = this.#concurrency - this.#running.size;
    while (free > 0 && !this.#stopping && this.#claimTypes.length > 0) {
      const claimed = await claimJobs(this.#db, {
        runnerId: this.runnerId,
        types: this.#claimTypes,
        limit: free,
      });
      // Claimed after stop() began: hand them straight back.
      if (this.#stopping) {
        await releaseJobs(this.#db, this.runnerId, claimed);
        return;
      }
      for (const job of claimed) this.#start(job);
      this.#lastClaimFilled = claimed.length === free;
      if (!this.#lastClaimFilled) break;
      free = this.#concurrency - this.#running.size;
    }
  }

  async #runSchedules(now: number): Promise<void> {
    for (const schedule of this.#schedules.values()) {
      if (!schedule.saved) {
        schedule.nextRunAt = (await saveSchedule(this.#db, schedule.name, schedule.everyMs)).getTime();
        schedule.saved = true;
      }
      // The remembered time only saves statements; the database's clock decides.
      if (now < schedule.nextRunAt) continue;
      const run = await enqueueScheduledRun(this.#db, { id: newId(), name: schedule.name });
      schedule.nextRunAt = run.nextRunAt.getTime();
      if (run.jobId)
        await this.#enqueued({ id: run.jobId, name: schedule.name, runAt: new Date() }, this.#db);
    }
  }

  async #enqueued(job: EnqueuedJob, db: JobDb): Promise<void> {
    await this.#onEnqueued?.(job, db);
    if (!db.isTransaction && job.runAt.getTime() <= Date.now()) this.wake();
  }

  #start(job: ClaimedJob): void {
    const entry: Running = {
      job,
      controller: new AbortController(),
      state: "running",
      finished: Promise.resolve(),
    };
    this.#running.set(job.id, entry);
    entry.finished = this.#execute(entry)
      .catch((error: unknown) => {
        // Storing the outcome failed: the lease runs out and another run takes the job again.
        this.#log?.error({ err: error, job_id: job.id, job: job.name }, "Could not store a job's outcome");
      })
      .finally(() => {
        if (this.#running.get(job.id) === entry) this.#running.delete(job.id);
        if (this.#lastClaimFilled && !this.#stopping) this.wake();
      });
  }

  async #execute(entry: Running): Promise<void> {
    const { job, controller } = entry;
    const type = this.#types.get(job.name);
    if (!type) throw new Error(`No job type ${job.name}`);
    const maxAttempts = job.max_attempts ?? type.maxAttempts;
    if (job.attempts > maxAttempts) {
      // Its runs were used up by instances that died during them (requeueExpiredLeases).
      entry.state = "writing";
      await failJob(this.#db, this.runnerId, job, job.last_error ?? `No attempts left (${maxAttempts})`);
      return;
    }
    let failure: unknown;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeLimit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new JobTimeoutError(`Job ${job.name} timed out after ${type.timeoutMs} ms`);
          controller.abort(error);
          reject(error);
        }, type.timeoutMs);
      });
      const context = { jobId: job.id, attempt: job.attempts, maxAttempts, signal: controller.signal };
      await Promise.race([type.run(job.payload, context), timeLimit]);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
    }
    if (entry.state === "released") return;
    entry.state = "writing";
    if (failure === undefined) {
      await completeJob(this.#db, this.runnerId, job);
      return;
    }
    const error = describeError(failure);
    const next = afterFailure(type, job.attempts, maxAttempts);
    const log = { job_id: job.id, job: job.name, attempt: job.attempts, err: failure };
    if (next.retry) {
      this.#log?.warn({ ...log, retry_in_ms: next.delayMs }, "A job failed; it will run again");
      await retryJobLater(this.#db, this.runnerId, job, next.delayMs, error);
    } else {
      this.#log?.error(log, "A job failed for good");
      await failJob(this.#db, this.runnerId, job, error);
    }
  }
}
