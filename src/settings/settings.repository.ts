import type { Kysely } from "kysely";
import type { AppSettingsTable, DB, Updateable } from "../db/schema.js";

/** The one settings row (migration 0020 inserts it; nothing deletes it). */
export function findSettings(db: Kysely<DB>) {
  return db
    .selectFrom("app_settings")
    .select(["auto_close_after_days", "updated_at"])
    .executeTakeFirstOrThrow();
}

export async function updateSettingsRow(db: Kysely<DB>, values: Updateable<AppSettingsTable>): Promise<void> {
  await db.updateTable("app_settings").set(values).execute();
}
