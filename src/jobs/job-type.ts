/**
 * What a kind of job does and how it is retried. A job row names its type; the runner looks the type up in
 * the types it was started with, and claims only jobs it has a type for.
 */

/** What a handler gets besides its payload. */
export type JobContext = {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the run's time limit passes or the runner stops: stop early, the attempt is over. */
  signal: AbortSignal;
};

export type JobType<P = unknown> = {
  name: string;
  /**
   * Does the work. Must be safe to run twice: a run whose instance dies after the work but before marking
   * the job done runs again after its lease.
   */
  run(payload: P, context: JobContext): Promise<void>;
  /** Checks the stored payload (a zod schema's `parse` fits); a throw fails the attempt like the handler. */
  parse?: (payload: unknown) => P;
  /** Waits before the 2nd, 3rd ... run; the last value repeats. Default `defaultBackoff`. */
  backoff?: readonly number[];
  /** Runs in all, the first included. Default: one more than `backoff` has values (then `failed`). */
  maxAttempts?: number;
  /** A run taking longer fails its attempt (and its signal is aborted). Default 60 s. */
  timeoutMs?: number;
  /**
   * How long a claim holds the job: a job whose runner died is taken again after this. Must exceed
   * `timeoutMs` so a slow but live run is never taken twice. Default `timeoutMs` + 60 s.
   */
  leaseMs?: number;
};

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

/** 10 s, 1 min, 5 min, 30 min: five runs over about 36 minutes, then `failed`. */
export const defaultBackoff: readonly number[] = [10 * second, minute, 5 * minute, 30 * minute];

/** SPEC §6, outbound mail: about 1 min, 5 min, 30 min, 2 h, 6 h, then `failed` (six runs). */
export const mailBackoff: readonly number[] = [minute, 5 * minute, 30 * minute, 2 * hour, 6 * hour];

export const defaultTimeoutMs = minute;
const leaseMargin = minute;

/** A job type with every default filled in, as the runner uses it. */
export type ResolvedJobType = {
  name: string;
  run(payload: unknown, context: JobContext): Promise<void>;
  backoff: readonly number[];
  maxAttempts: number;
  timeoutMs: number;
  leaseMs: number;
};

/** Keeps a type's payload type for `run` while letting lists of types mix payloads. */
export function defineJobType<P>(type: JobType<P>): JobType<P> {
  return type;
}

export function resolveJobType<P>(type: JobType<P>): ResolvedJobType {
  const backoff = type.backoff ?? defaultBackoff;
  const timeoutMs = type.timeoutMs ?? defaultTimeoutMs;
  const leaseMs = type.leaseMs ?? timeoutMs + leaseMargin;
  const maxAttempts = type.maxAttempts ?? backoff.length + 1;
  if (backoff.length === 0 && maxAttempts > 1)
    throw new Error(`Job type ${type.name}: retries need at least one backoff value`);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error(`Job type ${type.name}: maxAttempts must be a positive integer`);
  if (leaseMs <= timeoutMs)
    throw new Error(`Job type ${type.name}: leaseMs (${leaseMs}) must exceed timeoutMs (${timeoutMs})`);
  const { parse, run } = type;
  return {
    name: type.name,
    run: async (payload, context) => run(parse ? parse(payload) : (payload as P), context),
    backoff,
    maxAttempts,
    timeoutMs,
    leaseMs,
  };
}

/** What follows a failed run: another after a wait, or `failed` for good. */
export type AfterFailure = { retry: true; delayMs: number } | { retry: false };

export function afterFailure(
  type: Pick<ResolvedJobType, "backoff">,
  attempt: number,
  maxAttempts: number,
): AfterFailure {
  if (attempt >= maxAttempts) return { retry: false };
  const delays = type.backoff;
  const delayMs = delays[Math.min(attempt, delays.length) - 1] ?? 0;
  return { retry: true, delayMs };
}
