import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

/** Whether the help desk holds any ticket at all (one index probe, not a count). */
export async function anyTicketExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom("tickets").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}
