import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";

const actorColumns = ["users.id", "users.name", "users.email", "users.role", "users.team_id"] as const;

export function findActiveUserBySession(db: Kysely<DB>, tokenHash: string, now: Date) {
  return db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      ...actorColumns,
      "sessions.id as session_id",
      "sessions.csrf_token",
      "sessions.last_seen_at",
      "sessions.expires_at",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .where("sessions.expires_at", ">", now)
    .where("users.is_active", "=", true)
    .executeTakeFirst();
}

export function findActiveUserByApiToken(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select([...actorColumns, "api_tokens.id as token_id", "api_tokens.last_used_at"])
    .where("api_tokens.token_hash", "=", tokenHash)
    .where("users.is_active", "=", true)
    .executeTakeFirst();
}

export async function touchApiToken(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}

export async function touchSession(db: Kysely<DB>, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ last_seen_at: now, expires_at: expiresAt })
    .where("id", "=", id)
    .execute();
}

export function findUserForLogin(db: Kysely<DB>, email: string) {
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .executeTakeFirst();
}

export async function insertSession(
  db: Kysely<DB>,
  values: {
    user_id: string;
    token_hash: string;
    csrf_token: string;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto("sessions")
    .values({ id, ...values, last_seen_at: new Date() })
    .execute();
  return id;
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

export async function deleteSessionsOfUser(
  db: Kysely<DB>,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Kysely<DB>, now: Date): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}

export async function recordLogin(db: Kysely<DB>, userId: string, now: Date): Promise<void> {
  await db.updateTable("users").set({ last_login_at: now }).where("id", "=", userId).execute();
}

export async function updatePasswordHash(
  db: Kysely<DB>,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", userId).execute();
}

export function countUsers(db: Kysely<DB>) {
  return db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
}

export function listApiTokens(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "created_at", "last_used_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
}

export function insertApiToken(
  db: Kysely<DB>,
  values: { user_id: string; name: string; token_hash: string },
) {
  return db
    .insertInto("api_tokens")
    .values({ id: newId(), ...values })
    .returning(["id", "name", "created_at", "last_used_at"])
    .executeTakeFirstOrThrow();
}

export async function deleteApiToken(db: Kysely<DB>, id: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("api_tokens")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findSessionCsrf(db: Kysely<DB>, sessionId: string): Promise<string | null> {
  const row = await db
    .selectFrom("sessions")
    .select("csrf_token")
    .where("id", "=", sessionId)
    .executeTakeFirst();
  return row?.csrf_token ?? null;
}
