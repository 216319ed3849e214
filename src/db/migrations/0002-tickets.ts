import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/** Tickets with their comments, attachments, events and the per-day number counter. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    -- Enums sort in declaration order, so "order by priority desc" is by severity.
    create type ticket_status as enum ('new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed');
    create type ticket_priority as enum ('low', 'medium', 'high', 'urgent');

    create table ticket_counters (
      day date primary key,
      last integer not null
    );

    create table tickets (
      id uuid primary key default gen_random_uuid(),
      ticket_number text not null,
      subject text not null check (char_length(subject) between 1 and 200),
      description text not null,
      status ticket_status not null default 'new',
      priority ticket_priority not null default 'medium',
      category text not null references categories(key) on update cascade,
      company_id uuid not null references companies(id),
      contact_id uuid references contacts(id) on delete set null,
      assigned_to uuid references users(id) on delete set null,
      assigned_team uuid references teams(id) on delete set null,
      created_by uuid references users(id) on delete set null,
      first_response_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      due_date timestamptz,
      tags text[] not null default '{}',
      reopened_count integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- The original system's indexes.
    create unique index tickets_ticket_number_key on tickets (ticket_number);
    create index tickets_company_status_idx on tickets (company_id, status);
    create index tickets_assigned_to_status_idx on tickets (assigned_to, status);
    create index tickets_priority_status_idx on tickets (priority, status);
    create index tickets_category_status_idx on tickets (category, status);
    create index tickets_created_at_idx on tickets (created_at desc);
    create index tickets_contact_idx on tickets (contact_id);
    create trigger tickets_updated_at before update on tickets for each row execute function set_updated_at();

    create table ticket_comments (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets(id) on delete cascade,
      author_id uuid references users(id) on delete set null,
      text text not null,
      is_internal boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index ticket_comments_ticket_created_idx on ticket_comments (ticket_id, created_at);
    create trigger ticket_comments_updated_at before update on ticket_comments for each row execute function set_updated_at();

    create table ticket_attachments (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets(id) on delete cascade,
      name text not null,
      size bigint not null check (size >= 0),
      content_type text not null,
      storage_key text not null unique,
      uploaded_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index ticket_attachments_ticket_idx on ticket_attachments (ticket_id, created_at);
    create trigger ticket_attachments_updated_at before update on ticket_attachments for each row execute function set_updated_at();

    create table ticket_events (
      id uuid primary key default gen_random_uuid(),
      ticket_id uuid not null references tickets(id) on delete cascade,
      actor_id uuid references users(id) on delete set null,
      type text not null,
      field text,
      old_value text,
      new_value text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index ticket_events_ticket_created_idx on ticket_events (ticket_id, created_at);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop table ticket_events;
    drop table ticket_attachments;
    drop table ticket_comments;
    drop table tickets;
    drop table ticket_counters;
    drop type ticket_priority;
    drop type ticket_status;
  `,
  );
}
