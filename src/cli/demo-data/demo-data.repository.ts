import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.js";
import type { DemoAgent, DemoCompany, DemoContact } from "./demo-directory.js";
import type { DemoComment, DemoEvent, DemoTicket } from "./demo-tickets.js";

/*
 * Bulk inserts for demo data. Each statement sends one array per column and unnests them on the
 * server: a handful of parameters whatever the row count (PostgreSQL caps a statement at 65,535
 * parameters, which multi-row VALUES hits at ~3,000 tickets), and no SQL text to build per row.
 * Timestamps travel as ISO strings and tags as '|'-joined text so every array is one-dimensional;
 * enums travel as text[] because PGlite only learns array types that existed when it started.
 */

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
const column = <T, V>(rows: readonly T[], pick: (row: T) => V): V[] => rows.map(pick);

export async function findTeamsAndCategories(db: Kysely<DB>) {
  const teams = await db.selectFrom("teams").select(["id", "name"]).orderBy("name").execute();
  const categories = await db
    .selectFrom("categories")
    .select(["key", "default_team_id"])
    .orderBy("created_at")
    .orderBy("key")
    .execute();
  return { teams, categories };
}

export async function countUsersAtDomain(db: Kysely<DB>, domain: string): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select(sql<number>`count(*)::int`.as("n"))
    .where(sql<boolean>`lower(email) like ${`%@${domain.toLowerCase()}`}`)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function hasActiveAdmin(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "admin")
    .where("is_active", "=", true)
    .executeTakeFirst();
  return row !== undefined;
}

/** Counters of days on or after `fromDay` (YYYY-MM-DD). */
export async function findTicketCounters(db: Kysely<DB>, fromDay: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ day: string; last: number }>`
    select day::text as day, last from ticket_counters where day >= ${fromDay}::date`.execute(db);
  return new Map(rows.map((r) => [r.day, r.last]));
}

/** Raises each day's counter to at least `last` (never lowers one a concurrent creation advanced). */
export async function saveTicketCounters(db: Kysely<DB>, counters: readonly { day: string; last: number }[]) {
  if (counters.length === 0) return;
  await sql`
    insert into ticket_counters (day, last)
    select * from unnest(${column(counters, (c) => c.day)}::date[], ${column(counters, (c) => c.last)}::int[])
    on conflict (day) do update set last = greatest(ticket_counters.last, excluded.last)`.execute(db);
}

export async function insertCompanies(db: Kysely<DB>, companies: readonly DemoCompany[]): Promise<void> {
  if (companies.length === 0) return;
  const created = column(companies, (c) => iso(c.created_at));
  await sql`
    insert into companies (id, name, domain, created_at, updated_at)
    select id, name, domain, created_at, created_at from unnest(
      ${column(companies, (c) => c.id)}::uuid[], ${column(companies, (c) => c.name)}::text[],
      ${column(companies, (c) => c.domain)}::text[], ${created}::timestamptz[]
    ) as t(id, name, domain, created_at)`.execute(db);
}

export async function insertContacts(db: Kysely<DB>, contacts: readonly DemoContact[]): Promise<void> {
  if (contacts.length === 0) return;
  await sql`
    insert into contacts (id, company_id, name, email, phone, created_at, updated_at)
    select id, company_id, name, email, phone, created_at, created_at from unnest(
      ${column(contacts, (c) => c.id)}::uuid[], ${column(contacts, (c) => c.company_id)}::uuid[],
      ${column(contacts, (c) => c.name)}::text[], ${column(contacts, (c) => c.email)}::text[],
      ${column(contacts, (c) => c.phone)}::text[], ${column(contacts, (c) => iso(c.created_at))}::timestamptz[]
    ) as t(id, company_id, name, email, phone, created_at)`.execute(db);
}

/** Demo agents share one password hash (argon2 per agent would cost seconds for nothing). */
export async function insertAgents(db: Kysely<DB>, agents: readonly DemoAgent[], passwordHash: string) {
  if (agents.length === 0) return;
  await sql`
    insert into users (id, email, name, role, team_id, password_hash, created_at, updated_at)
    select id, email, name, 'agent', team_id, ${passwordHash}, created_at, created_at from unnest(
      ${column(agents, (a) => a.id)}::uuid[], ${column(agents, (a) => a.email)}::text[],
      ${column(agents, (a) => a.name)}::text[], ${column(agents, (a) => a.team_id)}::uuid[],
      ${column(agents, (a) => iso(a.created_at))}::timestamptz[]
    ) as t(id, email, name, team_id, created_at)`.execute(db);
}

export async function insertTickets(
  db: Kysely<DB>,
  tickets: readonly (DemoTicket & { ticket_number: string })[],
): Promise<void> {
  if (tickets.length === 0) return;
  const c = <V>(pick: (t: DemoTicket & { ticket_number: string }) => V) => column(tickets, pick);
  await sql`
    insert into tickets (id, ticket_number, subject, description, status, priority, category, company_id,
      contact_id, assigned_to, assigned_team, created_by, first_response_at, resolved_at, closed_at, due_date,
      tags, reopened_count, created_at, updated_at)
    select id, ticket_number, subject, description, status, priority, category, company_id,
      contact_id, assigned_to, assigned_team, created_by, first_response_at, resolved_at, closed_at, due_date,
      string_to_array(tags, '|'), reopened_count, created_at, updated_at
    from unnest(
      ${c((t) => t.id)}::uuid[], ${c((t) => t.ticket_number)}::text[], ${c((t) => t.subject)}::text[],
      ${c((t) => t.description)}::text[], ${c((t) => t.status)}::text[]::ticket_status[],
      ${c((t) => t.priority)}::text[]::ticket_priority[], ${c((t) => t.category)}::text[],
      ${c((t) => t.company_id)}::uuid[], ${c((t) => t.contact_id)}::uuid[], ${c((t) => t.assigned_to)}::uuid[],
      ${c((t) => t.assigned_team)}::uuid[], ${c((t) => t.created_by)}::uuid[],
      ${c((t) => iso(t.first_response_at))}::timestamptz[], ${c((t) => iso(t.resolved_at))}::timestamptz[],
      ${c((t) => iso(t.closed_at))}::timestamptz[], ${c((t) => iso(t.due_date))}::timestamptz[],
      ${c((t) => t.tags.join("|"))}::text[], ${c((t) => t.reopened_count)}::int[],
      ${c((t) => iso(t.created_at))}::timestamptz[], ${c((t) => iso(t.updated_at))}::timestamptz[]
    ) as t(id, ticket_number, subject, description, status, priority, category, company_id,
      contact_id, assigned_to, assigned_team, created_by, first_response_at, resolved_at, closed_at, due_date,
      tags, reopened_count, created_at, updated_at)`.execute(db);
}

export async function insertComments(db: Kysely<DB>, comments: readonly DemoComment[]): Promise<void> {
  if (comments.length === 0) return;
  const created = column(comments, (c) => iso(c.created_at));
  await sql`
    insert into ticket_comments (id, ticket_id, author_id, text, is_internal, created_at, updated_at)
    select id, ticket_id, author_id, text, is_internal, created_at, created_at from unnest(
      ${column(comments, (c) => c.id)}::uuid[], ${column(comments, (c) => c.ticket_id)}::uuid[],
      ${column(comments, (c) => c.author_id)}::uuid[], ${column(comments, (c) => c.text)}::text[],
      ${column(comments, (c) => c.is_internal)}::boolean[], ${created}::timestamptz[]
    ) as t(id, ticket_id, author_id, text, is_internal, created_at)`.execute(db);
}

export async function insertEvents(db: Kysely<DB>, events: readonly DemoEvent[]): Promise<void> {
  if (events.length === 0) return;
  const created = column(events, (e) => iso(e.created_at));
  await sql`
    insert into ticket_events (id, ticket_id, actor_id, type, field, old_value, new_value, created_at, updated_at)
    select id, ticket_id, actor_id, type, field, old_value, new_value, created_at, created_at from unnest(
      ${column(events, (e) => e.id)}::uuid[], ${column(events, (e) => e.ticket_id)}::uuid[],
      ${column(events, (e) => e.actor_id)}::uuid[], ${column(events, (e) => e.type)}::text[],
      ${column(events, (e) => e.field)}::text[], ${column(events, (e) => e.old_value)}::text[],
      ${column(events, (e) => e.new_value)}::text[], ${created}::timestamptz[]
    ) as t(id, ticket_id, actor_id, type, field, old_value, new_value, created_at)`.execute(db);
}

/** The ticket tables a bulk load fills (seed-demo's and the benchmark's). */
export const bulkTables = ["tickets", "ticket_comments", "ticket_events"] as const;

export async function countTickets(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** What suspendChecks removed, to put back exactly: index and constraint definitions as PostgreSQL prints them. */
export type SuspendedChecks = {
  indexes: { name: string; definition: string }[];
  foreignKeys: { table: string; name: string; definition: string }[];
  triggers: { table: string; name: string }[];
};

/**
 * Row triggers bulk mode may switch off, each with the statement that redoes its work for the whole
 * table afterwards. Per-row upkeep of a few hot summary rows inside ONE long transaction grows a
 * version chain per row and turns quadratic (100k tickets: 38 s of the server's CPU). Triggers not
 * listed here stay on: correct first, fast second.
 */
const refreshableTriggers: Record<string, string> = {
  tickets_counts_insert_delete: "select ticket_counts_refresh()",
  ticket_comments_counts_insert_delete: "select ticket_activity_counts_refresh()",
};

/**
 * Bulk-load mode, as pg_restore does it: drops the ticket tables' secondary indexes (not primary
 * keys, unique indexes or indexes behind constraints) and their foreign keys. Building an index
 * once over loaded rows, and checking a foreign key with one join, are several times faster than
 * doing both row by row. It also switches off the summary triggers listed above. The tables stay locked until the transaction ends; restoreChecks must
 * run in the same transaction (a rollback restores everything anyway).
 */
export async function suspendChecks(db: Kysely<DB>): Promise<SuspendedChecks> {
  const tables = sql.join(bulkTables.map((t) => sql.lit(t)));
  const indexes = await sql<SuspendedChecks["indexes"][number]>`
    select index.relname as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class index on index.oid = i.indexrelid
    join pg_class tbl on tbl.oid = i.indrelid
    where tbl.relnamespace = current_schema()::regnamespace and tbl.relname in (${tables})
      and not i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by tbl.relname, index.relname`.execute(db);
  const foreignKeys = await sql<SuspendedChecks["foreignKeys"][number]>`
    select tbl.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class tbl on tbl.oid = c.conrelid
    where c.contype = 'f' and tbl.relnamespace = current_schema()::regnamespace and tbl.relname in (${tables})
    order by tbl.relname, c.conname`.execute(db);
  const triggers = await sql<SuspendedChecks["triggers"][number]>`
    select tbl.relname as "table", t.tgname as name
    from pg_trigger t join pg_class tbl on tbl.oid = t.tgrelid
    where not t.tgisinternal and t.tgenabled <> 'D' and tbl.relnamespace = current_schema()::regnamespace
      and tbl.relname in (${tables}) and t.tgname in (${sql.join(Object.keys(refreshableTriggers))})
    order by t.tgname`.execute(db);
  for (const fk of foreignKeys.rows) {
    await sql`alter table ${sql.id(fk.table)} drop constraint ${sql.id(fk.name)}`.execute(db);
  }
  for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  for (const trigger of triggers.rows) {
    await sql`alter table ${sql.id(trigger.table)} disable trigger ${sql.id(trigger.name)}`.execute(db);
  }
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows, triggers: triggers.rows };
}

export async function restoreChecks(db: Kysely<DB>, suspended: SuspendedChecks): Promise<void> {
  for (const trigger of suspended.triggers) {
    await sql`alter table ${sql.id(trigger.table)} enable trigger ${sql.id(trigger.name)}`.execute(db);
    await sql.raw(refreshableTriggers[trigger.name] ?? "select 1").execute(db);
  }
  if (suspended.indexes.length === 0 && suspended.foreignKeys.length === 0) return;
  // More memory for sorting makes the builds faster; `set local` ends with the transaction.
  await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  for (const index of suspended.indexes) await sql.raw(index.definition).execute(db);
  for (const fk of suspended.foreignKeys) {
    await sql`alter table ${sql.id(fk.table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(
      db,
    );
  }
  await sql.raw(`analyze ${bulkTables.join(", ")}`).execute(db);
}
