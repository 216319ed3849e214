import type { Kysely } from "kysely";
import { runSql } from "./run-sql.js";

/** Teams, categories (with the seed's defaults), users, companies and contacts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    create extension if not exists pg_trgm;

    -- updated_at follows every change unless the statement sets it itself (demo data back-dates rows).
    create or replace function set_updated_at() returns trigger language plpgsql as $$
    begin
      if new.updated_at is not distinct from old.updated_at then
        new.updated_at = now();
      end if;
      return new;
    end $$;

    create table teams (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (char_length(name) between 1 and 100),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table categories (
      id uuid primary key default gen_random_uuid(),
      key text not null unique check (key ~ '^[a-z0-9][a-z0-9_-]*$'),
      label text not null check (char_length(label) between 1 and 100),
      default_team_id uuid references teams(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      role text not null check (role in ('admin', 'agent')),
      team_id uuid references teams(id) on delete set null,
      is_active boolean not null default true,
      password_hash text not null,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));
    create index users_team_id_idx on users (team_id);

    create table companies (
      id uuid primary key default gen_random_uuid(),
      name text not null check (char_length(name) between 1 and 200),
      domain text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index companies_name_trgm on companies using gin (name gin_trgm_ops);
    create index companies_domain_idx on companies (lower(domain));

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      company_id uuid not null references companies(id) on delete cascade,
      name text not null check (char_length(name) between 1 and 200),
      email text not null,
      phone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index contacts_company_email_key on contacts (company_id, lower(email));
    create index contacts_email_idx on contacts (lower(email));
    create index contacts_name_trgm on contacts using gin (name gin_trgm_ops);
    create index contacts_email_trgm on contacts using gin (email gin_trgm_ops);

    create trigger teams_updated_at before update on teams for each row execute function set_updated_at();
    create trigger categories_updated_at before update on categories for each row execute function set_updated_at();
    create trigger users_updated_at before update on users for each row execute function set_updated_at();
    create trigger companies_updated_at before update on companies for each row execute function set_updated_at();
    create trigger contacts_updated_at before update on contacts for each row execute function set_updated_at();

    insert into teams (name) values ('Tech'), ('Finance'), ('Music'), ('Sales'), ('Admin');
    insert into categories (key, label, default_team_id)
      select c.key, c.label, t.id
      from (values
        (1, 'technical', 'Technical Issue', 'Tech'),
        (2, 'billing', 'Billing Question', 'Finance'),
        (3, 'zone_config', 'Zone Configuration', 'Music'),
        (4, 'account', 'Account Management', 'Sales'),
        (5, 'feature_request', 'Feature Request', null),
        (6, 'general', 'General Inquiry', null)
      ) as c(position, key, label, team)
      left join teams t on t.name = c.team
      order by c.position;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSql(
    db,
    `
    drop table contacts;
    drop table companies;
    drop table users;
    drop table categories;
    drop table teams;
    drop function set_updated_at();
  `,
  );
}
