import type { Kysely } from "kysely";
import { v7 } from "uuid";
import { runSql } from "./run-sql.js";

/**
 * SLA and automation, the admin side (SPEC §7): business calendars, SLA policies per priority (and
 * optionally per team), the desk-wide settings, each team's assignment mode and each agent's
 * availability and ticket cap. Seeds the 24×7 calendar and the four team-less default policies, which
 * the API keeps (they are the fallback of every team). Adding columns with constant defaults rewrites no
 * table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Time-ordered ids for the seeded rows too, like every row the app writes (shared/ids.ts).
  const calendarId = v7();
  const policyIds = [v7(), v7(), v7(), v7()];
  await runSql(
    db,
    `
    -- Hours and holidays are jsonb: the same value on both engines (a date[] comes back as strings from pg but
    -- as Date objects from PGlite), read and written whole with the calendar.
    create table business_calendars (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 100),
      time_zone text not null check (char_length(time_zone) between 1 and 64),
      hours jsonb not null check (jsonb_typeof(hours) = 'object'),
      holidays jsonb not null default '[]' check (jsonb_typeof(holidays) = 'array'),
      -- The calendar new policies get when none is named; it cannot be deleted.
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index business_calendars_name_key on business_calendars (lower(name));
    create unique index business_calendars_default_key on business_calendars (is_default) where is_default;
    create trigger business_calendars_updated_at before update on business_calendars
      for each row execute function set_updated_at();

    insert into business_calendars (id, name, time_zone, hours, is_default) values (
      '${calendarId}', '24×7', 'UTC',
      '{"monday":[{"from":"00:00","to":"24:00"}],"tuesday":[{"from":"00:00","to":"24:00"}],"wednesday":[{"from":"00:00","to":"24:00"}],"thursday":[{"from":"00:00","to":"24:00"}],"friday":[{"from":"00:00","to":"24:00"}],"saturday":[{"from":"00:00","to":"24:00"}],"sunday":[{"from":"00:00","to":"24:00"}]}',
      true
    );

    create table sla_policies (
      id uuid primary key default gen_random_uuid(),
      -- The tickets' own enum: joins to tickets need no cast, and "order by priority desc" is by severity.
      priority ticket_priority not null,
      -- null: the policy of every team without its own for this priority (the fallback).
      team_id uuid references teams(id) on delete cascade,
      first_response_minutes integer not null check (first_response_minutes > 0),
      resolution_minutes integer not null check (resolution_minutes >= first_response_minutes),
      calendar_id uuid not null references business_calendars(id) on delete restrict,
      -- What happens at a breach (the sweep applies it).
      notify_team_admins boolean not null default true,
      raise_priority boolean not null default false,
      move_to_team_id uuid references teams(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- One policy per (team, priority), and one team-less one per priority: NULLS NOT DISTINCT (PostgreSQL 15+)
    -- counts the team-less rows as equal. Leading with team_id, it is also the index of that foreign key, and
    -- it answers the ticket's lookup (its team's policy or the team-less one) in one scan.
    create unique index sla_policies_team_priority_key on sla_policies (team_id, priority) nulls not distinct;
    create index sla_policies_calendar_idx on sla_policies (calendar_id);
    create index sla_policies_move_to_team_idx on sla_policies (move_to_team_id) where move_to_team_id is not null;
    create trigger sla_policies_updated_at before update on sla_policies
      for each row execute function set_updated_at();

    insert into sla_policies (id, priority, first_response_minutes, resolution_minutes, calendar_id) values
      ('${policyIds[0]}', 'urgent', 60, 240, '${calendarId}'),
      ('${policyIds[1]}', 'high', 240, 1440, '${calendarId}'),
      ('${policyIds[2]}', 'medium', 480, 4320, '${calendarId}'),
      ('${policyIds[3]}', 'low', 1440, 7200, '${calendarId}');

    -- The desk's settings: one row, one typed and checked column per setting. A later setting (the portal on
    -- or off, …) is one "alter table app_settings add column … default …".
    create table app_settings (
      only_row boolean primary key default true check (only_row),
      -- null: never close resolved tickets automatically.
      auto_close_after_days integer default 4 check (auto_close_after_days between 1 and 365),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    insert into app_settings default values;
    create trigger app_settings_updated_at before update on app_settings
      for each row execute function set_updated_at();

    alter table teams add column assignment text not null default 'manual'
      check (assignment in ('manual', 'round_robin', 'least_loaded'));
    alter table users add column available boolean not null default true;
    -- null: no limit.
    alter table users add column max_open_tickets integer check (max_open_tickets >= 1);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    alter table users drop column max_open_tickets;
    alter table users drop column available;
    alter table teams drop column assignment;
    drop table app_settings;
    drop table sla_policies;
    drop table business_calendars;
  `,
  );
}
