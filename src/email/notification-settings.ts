import type { Actor, AppContext } from "../server/context.js";
import {
  findNotificationSettings,
  type NotificationSettings,
  updateNotificationSettingsRow,
} from "./notification-settings.repository.js";

/** The notification mails the signed-in user wants (SPEC §6: each one the user can turn off). */
export function getNotificationSettings(ctx: AppContext, actor: Actor) {
  return findNotificationSettings(ctx.db, actor.id);
}

export async function updateNotificationSettings(
  ctx: AppContext,
  actor: Actor,
  input: Partial<Record<keyof NotificationSettings, boolean | undefined>>,
) {
  const values = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  await updateNotificationSettingsRow(ctx.db, actor.id, values);
  return getNotificationSettings(ctx, actor);
}
