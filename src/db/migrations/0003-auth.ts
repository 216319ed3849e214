import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/** Sign-in sessions and API tokens; only hashes of their secrets are stored. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create table sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      token_hash text not null unique,
      csrf_token text not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sessions_user_idx on sessions (user_id);
    create index sessions_expires_idx on sessions (expires_at);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      token_hash text not null unique,
      last_used_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index api_tokens_user_idx on api_tokens (user_id);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop table api_tokens;
    drop table sessions;
  `,
  );
}
