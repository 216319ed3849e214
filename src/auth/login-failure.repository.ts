import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

/** One row per key of the attempt, committed on its own (not in a transaction): see login-throttle.ts. */
export async function insertSignInAttempt(
  db: Kysely<DB>,
  attemptId: string,
  keys: string[],
  at: Date,
): Promise<void> {
  await db
    .insertInto("login_failures")
    .values(keys.map((key) => ({ attempt_id: attemptId, key, failed_at: at })))
    .execute();
}

/** The other attempts on these keys since `since`, failed or still being checked (login_failures_key_idx). */
export function findRecentFailures(db: Kysely<DB>, keys: string[], since: Date, exceptAttemptId: string) {
  return db
    .selectFrom("login_failures")
    .select(["key", "failed_at"])
    .where("key", "in", keys)
    .where("failed_at", ">", since)
    .where("attempt_id", "!=", exceptAttemptId)
    .execute();
}

export async function deleteSignInAttempt(db: Kysely<DB>, attemptId: string): Promise<void> {
  await db.deleteFrom("login_failures").where("attempt_id", "=", attemptId).execute();
}

/** A successful sign-in: this attempt's rows and every failure counted against its email go. */
export async function deleteSignInAttemptAndKey(
  db: Kysely<DB>,
  attemptId: string,
  key: string,
): Promise<void> {
  await db
    .deleteFrom("login_failures")
    .where((eb) => eb.or([eb("attempt_id", "=", attemptId), eb("key", "=", key)]))
    .execute();
}

/** Rows that no longer count (login_failures_failed_at_idx). */
export async function deleteFailuresBefore(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom("login_failures").where("failed_at", "<=", before).execute();
}
