import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 19: failed sign-ins counted in the database, so every instance on one PostgreSQL shares one budget
 * per email and per IP (auth/login-throttle.ts). A row per attempt and key (`email:…`, `ip:…`): it is
 * written before the password is checked and stays when the check fails; a success or a refusal removes
 * it. Rows older than the window are deleted as failures are recorded, so the table holds at most about
 * the window's worth of failures. The (key, failed_at) index serves the per-request check, the failed_at
 * one the pruning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create table login_failures (
      attempt_id uuid not null,
      key text not null check (char_length(key) between 1 and 300),
      failed_at timestamptz not null,
      primary key (attempt_id, key)
    );
    create index login_failures_key_idx on login_failures (key, failed_at);
    create index login_failures_failed_at_idx on login_failures (failed_at);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(db, "drop table login_failures;");
}
