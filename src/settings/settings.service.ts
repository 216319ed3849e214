import type { Kysely } from "kysely";
import type { AppSettingsTable, DB, Updateable } from "../db/schema.js";
import type { AppContext } from "../server/context.js";
import { findSettings, updateSettingsRow } from "./settings.repository.js";
import type { SettingsView, UpdateSettingsInput } from "./settings.schema.js";

/** The desk's settings, for domain code (the auto-close sweep): read fresh, they change rarely but at once. */
export function getSettings(db: Kysely<DB>): Promise<SettingsView> {
  return findSettings(db);
}

export async function updateSettings(ctx: AppContext, input: UpdateSettingsInput): Promise<SettingsView> {
  const values: Updateable<AppSettingsTable> = {};
  if (input.auto_close_after_days !== undefined) values.auto_close_after_days = input.auto_close_after_days;
  if (Object.keys(values).length > 0) await updateSettingsRow(ctx.db, values);
  return getSettings(ctx.db);
}
