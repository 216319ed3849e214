import { newId } from "../shared/ids.js";
import { insertJob, type JobDb } from "./job.repository.js";

export type JobRequest = {
  /** The job type (JobType.name). */
  name: string;
  /** JSON; what the handler receives. Keep it small: ids, not documents. */
  payload?: unknown;
  /** Not before this time; default now. */
  runAt?: Date;
  /** While a queued or running job has this key, enqueueing it again does nothing. */
  key?: string;
  /** Overrides the type's retry policy for this job. */
  maxAttempts?: number;
};

/**
 * Writes a job. Pass the caller's transaction to commit the job with the change that caused it, or not at
 * all. Returns the new job's id, or undefined when an unfinished job already has the key.
 * A runner finds it at its next poll; `JobRunner.enqueue` also wakes the runner and calls `onEnqueued`.
 */
export function enqueueJob(db: JobDb, job: JobRequest): Promise<string | undefined> {
  return insertJob(db, { id: newId(), ...job });
}
