import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB, Insertable, Updateable, UserRole, UsersTable } from "../db/schema.js";
import type { Page } from "./directory.schema.js";
import { containsPattern } from "./like-pattern.js";

/** The one projection of a user for the API (no password hash). */
export function selectUsers(db: Kysely<DB>) {
  return db
    .selectFrom("users")
    .leftJoin("teams", "teams.id", "users.team_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.team_id",
      "teams.name as team_name",
      "users.is_active",
      "users.available",
      "users.max_open_tickets",
      "users.last_login_at",
      "users.created_at",
      "users.updated_at",
    ]);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>["executeTakeFirstOrThrow"]>>;

export function presentUser({ team_name, ...row }: UserRow) {
  return { ...row, team: row.team_id && team_name ? { id: row.team_id, name: team_name } : null };
}

export async function findUserById(db: Kysely<DB>, id: string) {
  const row = await selectUsers(db).where("users.id", "=", id).executeTakeFirst();
  return row && presentUser(row);
}

export async function emailTaken(db: Kysely<DB>, email: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertUser(db: Kysely<DB>, values: Insertable<UsersTable>): Promise<void> {
  await db.insertInto("users").values(values).execute();
}

export type UserFilter = {
  search?: string | undefined;
  role?: UserRole | undefined;
  team_id?: string | undefined;
  is_active?: boolean | undefined;
};

function matches(filter: UserFilter) {
  return (eb: ExpressionBuilder<DB, "users">) => {
    const conditions = [];
    if (filter.search) {
      const pattern = containsPattern(filter.search);
      conditions.push(eb.or([eb("users.name", "ilike", pattern), eb("users.email", "ilike", pattern)]));
    }
    if (filter.role) conditions.push(eb("users.role", "=", filter.role));
    if (filter.team_id === "none") conditions.push(eb("users.team_id", "is", null));
    else if (filter.team_id) conditions.push(eb("users.team_id", "=", filter.team_id));
    if (filter.is_active !== undefined) conditions.push(eb("users.is_active", "=", filter.is_active));
    return eb.and(conditions);
  };
}

export async function findUsers(db: Kysely<DB>, filter: UserFilter, page: Page) {
  const rows = await selectUsers(db)
    .where(matches(filter))
    .orderBy((eb) => eb.fn("lower", ["users.name"]))
    .orderBy("users.id")
    .$call((q) => pageWindow(q, page))
    .execute();
  return rows.map(presentUser);
}

export async function countUsersMatching(db: Kysely<DB>, filter: UserFilter): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select(sql<number>`count(*)::int`.as("count"))
    .where(matches(filter))
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function updateUserRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<UsersTable>,
): Promise<void> {
  await db.updateTable("users").set(values).where("id", "=", id).execute();
}

/** Ends every way the user is signed in: all sessions and all API tokens. */
export async function revokeSessionsAndTokens(db: Kysely<DB>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  await db.deleteFrom("api_tokens").where("user_id", "=", userId).execute();
}
