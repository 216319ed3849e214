import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Issue 20: durable jobs (src/jobs/). One row per job; a runner claims due rows with
 * `FOR UPDATE SKIP LOCKED` and holds them by a lease (`locked_until`), never by a transaction.
 *
 * - `jobs_due` holds only queued rows, ordered by `run_at`: taking the next due job reads the first entries
 *   of a small index however many jobs wait, and done or failed rows never enter it.
 * - `jobs_key_unfinished`: a key is unique among queued and running jobs only, so "send outbox row X" or
 *   "sweep SLAs" is enqueued once while one is waiting or running, and again after it finished.
 * - `max_attempts` null: the job type's retry policy decides (src/jobs/job-type.ts).
 * - `job_schedules`: one row per recurring job; the instance whose update moves `next_run_at` on enqueues
 *   that run, so a schedule fires once per period across instances.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create table jobs (
      id uuid primary key,
      name text not null check (char_length(name) between 1 and 100),
      payload jsonb not null default '{}',
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer check (max_attempts >= 1),
      last_error text,
      locked_by text,
      locked_until timestamptz,
      key text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index jobs_due on jobs (run_at) where status = 'queued';
    create index jobs_leases on jobs (locked_until) where status = 'running';
    create index jobs_finished on jobs (status, finished_at) where status in ('done', 'failed');
    create unique index jobs_key_unfinished on jobs (key) where status in ('queued', 'running');

    create table job_schedules (
      name text primary key,
      every_ms bigint not null check (every_ms >= 1000),
      next_run_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop table job_schedules;
    drop table jobs;
    `,
  );
}
