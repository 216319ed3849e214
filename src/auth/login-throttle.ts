import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { TooManyRequestsError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import {
  deleteFailuresBefore,
  deleteSignInAttempt,
  deleteSignInAttemptAndKey,
  findRecentFailures,
  insertSignInAttempt,
} from "./login-failure.repository.js";

export type SignInLimits = { limit: number; windowMs: number };

/** At most 10 failed sign-ins per email and per IP in any 15 minutes, across every instance. */
export const signInLimits: SignInLimits = { limit: 10, windowMs: 15 * 60_000 };

export type SignInDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Whether one more attempt may check a password, given per key the times (ms) of the other attempts still
 * inside the window. A key with `limit` of them is full; it has room again once enough of them have left
 * the window, and the answer waits for the last of the full keys.
 */
export function decideSignInAttempt(
  earlierByKey: readonly (readonly number[])[],
  now: number,
  limits: SignInLimits = signInLimits,
): SignInDecision {
  let opensAt: number | undefined;
  for (const earlier of earlierByKey) {
    const recent = earlier.filter((at) => now - at < limits.windowMs).sort((a, b) => a - b);
    if (recent.length < limits.limit) continue;
    // Room for one more once all but limit - 1 of them are older than the window.
    const freeing = recent[recent.length - limits.limit] ?? now;
    opensAt = Math.max(opensAt ?? 0, freeing + limits.windowMs);
  }
  if (opensAt === undefined) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - now) / 1000)) };
}

export type SignInAttempt = { id: string; keys: string[] };

/**
 * Counts this attempt against its keys before its password is checked, or throws 429.
 *
 * Race safety across instances: the attempt's rows are inserted and committed (a statement of its own,
 * deliberately not in a transaction) before the attempts on its keys are read. So of any attempts running
 * at the same time, each sees every one committed before it, and the k-th to commit sees at least k-1
 * others: at most `limit` of them can find room, on however many instances. A refused attempt removes
 * its row again (refusals would otherwise keep a guesser's window full for ever, and grow the table with
 * every request); two attempts racing for the last place may then both be refused, never both allowed.
 * An attempt whose password is still being checked counts as a failure until it is known.
 */
export async function startSignInAttempt(
  db: Kysely<DB>,
  keys: string[],
  now = new Date(),
  limits: SignInLimits = signInLimits,
): Promise<SignInAttempt> {
  const attempt = { id: newId(), keys };
  await insertSignInAttempt(db, attempt.id, keys, now);
  const since = new Date(now.getTime() - limits.windowMs);
  const rows = await findRecentFailures(db, keys, since, attempt.id);
  const earlier = keys.map((key) => rows.filter((r) => r.key === key).map((r) => r.failed_at.getTime()));
  const decision = decideSignInAttempt(earlier, now.getTime(), limits);
  if (decision.allowed) return attempt;
  await deleteSignInAttempt(db, attempt.id);
  throw new TooManyRequestsError(
    "Too many failed sign-in attempts; try again later",
    decision.retryAfterSeconds,
  );
}

/** The attempt's rows stay as failures; rows past the window go, which keeps the table small. */
export async function recordFailedSignIn(
  db: Kysely<DB>,
  now = new Date(),
  limits: SignInLimits = signInLimits,
): Promise<void> {
  await deleteFailuresBefore(db, new Date(now.getTime() - limits.windowMs));
}

/** A success forgets this attempt and the failures counted against the email it signed in with. */
export async function recordSignedIn(
  db: Kysely<DB>,
  attempt: SignInAttempt,
  emailKey: string,
): Promise<void> {
  await deleteSignInAttemptAndKey(db, attempt.id, emailKey);
}
