import type { Kysely } from "kysely";
import type { DB, Insertable, UsersTable } from "../db/schema.js";

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
