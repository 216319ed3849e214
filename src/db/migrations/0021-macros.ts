import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/**
 * Macros (SPEC §7): named sets of actions an agent applies to a ticket in one step (src/macros/). The actions
 * are one JSON object, validated by the API's schema on every write (macro.schema.ts), because they are
 * applied together and replaced together; the team and user they name are checked when a macro is saved and
 * again when it is applied, so a team deleted since (no foreign key can reach into JSON) is a clear refusal,
 * not a broken write. Names are unique in any case, like teams'. `is_active`: an admin can take a macro out
 * of the agents' pickers without losing it. `created_by` needs no index: users are never deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create table macros (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      description text check (char_length(description) <= 1000),
      actions jsonb not null check (jsonb_typeof(actions) = 'object'),
      is_active boolean not null default true,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index macros_name_lower_key on macros (lower(name));
    create trigger macros_updated_at before update on macros for each row execute function set_updated_at();
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(db, "drop table macros;");
}
