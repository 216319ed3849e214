import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

/**
 * The installation's key for signing our Message-IDs and VERP bounce addresses (message-id.ts). Made once,
 * by whichever instance needs it first (`on conflict do nothing`, then read back, so every instance signs
 * with the same key), and kept in the database so it survives restarts and is shared by every host.
 * Remembered per process: it never changes once made.
 */
const remembered = new WeakMap<object, Promise<string>>();

async function loadOrCreate(db: Kysely<DB>): Promise<string> {
  await db
    .insertInto("app_secrets")
    .values({ name: "mail", value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("app_secrets")
    .select("value")
    .where("name", "=", "mail")
    .executeTakeFirstOrThrow();
  return row.value;
}

export function mailSecret(ctx: { db: Kysely<DB> }): Promise<string> {
  let secret = remembered.get(ctx.db);
  if (!secret) {
    secret = loadOrCreate(ctx.db);
    // A failed first try (the database down) is not remembered.
    secret.catch(() => remembered.delete(ctx.db));
    remembered.set(ctx.db, secret);
  }
  return secret;
}
