import { type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB, Insertable, TeamsTable, Updateable } from "../db/schema.js";
import type { Page } from "./directory.schema.js";

const teamColumns = [
  "teams.id",
  "teams.name",
  "teams.assignment",
  "teams.created_at",
  "teams.updated_at",
] as const;

export function findTeams(db: Kysely<DB>, page: Page) {
  return db
    .selectFrom("teams")
    .select(teamColumns)
    .orderBy((eb) => eb.fn("lower", ["teams.name"]))
    .orderBy("teams.id")
    .$call((q) => pageWindow(q, page))
    .execute();
}

export async function countTeams(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("teams")
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}

export function findTeamById(db: Kysely<DB>, id: string) {
  return db.selectFrom("teams").select(teamColumns).where("teams.id", "=", id).executeTakeFirst();
}

export async function teamExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return (await db.selectFrom("teams").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function teamNameTaken(db: Kysely<DB>, name: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom("teams")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertTeam(db: Kysely<DB>, values: Insertable<TeamsTable>): Promise<void> {
  await db.insertInto("teams").values(values).execute();
}

export async function updateTeamRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<TeamsTable>,
): Promise<void> {
  await db.updateTable("teams").set(values).where("id", "=", id).execute();
}

/**
 * Locks the team row until the transaction ends: tickets and categories that start pointing
 * at it meanwhile wait (their foreign-key check needs a share lock), so the checks before a
 * delete cannot go stale. Returns false when there is no such team.
 */
export async function lockTeam(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db.selectFrom("teams").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function countOpenTicketsOfTeam(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .selectFrom("tickets")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("assigned_team", "=", id)
    .where("status", "not in", ["resolved", "closed"])
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function categoryKeysRoutedTo(db: Kysely<DB>, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("categories")
    .select("key")
    .where("default_team_id", "=", teamId)
    .orderBy("key")
    .execute();
  return rows.map((row) => row.key);
}

export async function deleteTeamRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("teams").where("id", "=", id).execute();
}
