import { type Kysely, sql } from "kysely";
import { apiTokenPrefix } from "../auth/authenticate.js";
import { hashPassword } from "../auth/password.js";
import { hashSecret, newSecret } from "../auth/secrets.js";
import { bulkTables } from "../cli/demo-data/demo-data.repository.js";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";
import { weeklyHours } from "../sla/business-calendar.service.js";
import type { Reference } from "./dataset.js";
import type { BenchSlaPolicy } from "./dataset-sla.js";

export const benchAdminEmail = "bench-admin@bench.example.com";

export type IndexDefinition = { name: string; table: string; definition: string };

/**
 * Secondary indexes (not backing a primary-key or unique constraint) of the tables a bulk load fills, as
 * the migrations created them: rebuilding from pg_indexes keeps the schema identical.
 */
export async function secondaryIndexes(db: Kysely<DB>): Promise<IndexDefinition[]> {
  const result = await sql<IndexDefinition>`
    select i.indexname as name, i.tablename as "table", i.indexdef as definition
    from pg_indexes i
    where i.schemaname = current_schema()
      and i.tablename in (${sql.join(bulkTables)})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
    order by i.tablename, i.indexname`.execute(db);
  return result.rows;
}

export async function dropIndexes(db: Kysely<DB>, indexes: IndexDefinition[]): Promise<void> {
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
}

/** 60 agents spread over the five default teams, plus the admin the benchmark signs in as. */
export async function createBenchUsers(db: Kysely<DB>, agents: number): Promise<Reference> {
  const teams = await db.selectFrom("teams").select(["id", "name"]).orderBy("name").execute();
  const categories = await db.selectFrom("categories").select(["key", "default_team_id"]).execute();
  // One argon2 hash for everyone: hashing 60 passwords would cost seconds and prove nothing.
  const password_hash = await hashPassword("bench password 1");
  const rows = Array.from({ length: agents }, (_, i) => ({
    id: newId(),
    email: `agent${i + 1}@bench.example.com`,
    name: `Agent ${i + 1}`,
    role: "agent" as const,
    team_id: teams[i % teams.length]?.id ?? null,
    password_hash,
  }));
  await db.insertInto("users").values(rows).execute();
  await db
    .insertInto("users")
    .values({
      id: newId(),
      email: benchAdminEmail,
      name: "Bench Admin",
      role: "admin",
      team_id: null,
      password_hash,
    })
    .execute();
  return {
    teams,
    categories,
    agents: rows.map((r) => ({ id: r.id, team_id: r.team_id })),
    slaPolicies: await findBenchSlaPolicies(db),
  };
}

/** Every SLA policy with its calendar, for the generator's due times (dataset-sla.ts). */
export async function findBenchSlaPolicies(db: Kysely<DB>): Promise<BenchSlaPolicy[]> {
  const rows = await db
    .selectFrom("sla_policies as p")
    .innerJoin("business_calendars as c", "c.id", "p.calendar_id")
    .select([
      "p.priority",
      "p.team_id",
      "p.first_response_minutes",
      "p.resolution_minutes",
      "c.time_zone",
      "c.hours",
      "c.holidays",
    ])
    .execute();
  return rows.map((r) => ({
    priority: r.priority,
    team_id: r.team_id,
    first_response_minutes: r.first_response_minutes,
    resolution_minutes: r.resolution_minutes,
    calendar: { timeZone: r.time_zone, hours: weeklyHours(r.hours), holidays: [...r.holidays] },
  }));
}

/** A fresh API token for the bench admin; only its hash is stored, like the app does. */
export async function createBenchToken(db: Kysely<DB>): Promise<{ token: string; userId: string }> {
  const user = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", benchAdminEmail)
    .executeTakeFirstOrThrow();
  const token = newSecret(apiTokenPrefix);
  await db
    .insertInto("api_tokens")
    .values({
      id: newId(),
      user_id: user.id,
      name: `bench ${new Date().toISOString()}`,
      token_hash: hashSecret(token),
    })
    .execute();
  return { token, userId: user.id };
}

/**
 * Deletes what earlier runs' writing scenarios left ((g)'s "Bench ticket" tickets, (h)'s "Bench reply"
 * replies), then vacuums (the counter tables every time), so every run measures the data set as loaded. Left in place, tens of thousands of
 * identical newest tickets sat in front of every newest-first search: a 1% word then walked 32,788 of them
 * before its first match (165 ms instead of ~2), which measured the last run rather than the help desk.
 */
export async function removeEarlierRunWrites(db: Kysely<DB>): Promise<{ tickets: number; replies: number }> {
  const replies = await db
    .deleteFrom("ticket_comments")
    .where("text", "like", "Bench reply %")
    .executeTakeFirst();
  const tickets = await db
    .deleteFrom("tickets")
    .where("subject", "like", "Bench ticket %")
    .executeTakeFirst();
  const removed = { tickets: Number(tickets.numDeletedRows), replies: Number(replies.numDeletedRows) };
  if (removed.tickets + removed.replies > 0) await sql`vacuum analyze tickets, ticket_comments`.execute(db);
  // The counter tables, always: what autovacuum does within a minute, and this PostgreSQL has it off.
  await sql`vacuum analyze ticket_counts, ticket_counters`.execute(db);
  return removed;
}
