import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";

export const notificationColumns = [
  "notify_assigned",
  "notify_customer_replied",
  "notify_new_ticket_in_team",
] as const;
export type NotificationSettings = Record<(typeof notificationColumns)[number], boolean>;

export function findNotificationSettings(db: Kysely<DB>, userId: string): Promise<NotificationSettings> {
  return db
    .selectFrom("users")
    .select(notificationColumns)
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
}

export async function updateNotificationSettingsRow(
  db: Kysely<DB>,
  userId: string,
  values: Partial<NotificationSettings>,
): Promise<void> {
  if (Object.keys(values).length > 0)
    await db.updateTable("users").set(values).where("id", "=", userId).execute();
}
