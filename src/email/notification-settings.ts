import type { Actor, AppContext } from "../server/context.js";

const columns = ["notify_assigned", "notify_customer_replied", "notify_new_ticket_in_team"] as const;

/** The notification mails the signed-in user wants (SPEC §6: each one the user can turn off). */
export function getNotificationSettings(ctx: AppContext, actor: Actor) {
  return ctx.db.selectFrom("users").select(columns).where("id", "=", actor.id).executeTakeFirstOrThrow();
}

export async function updateNotificationSettings(
  ctx: AppContext,
  actor: Actor,
  input: Partial<Record<(typeof columns)[number], boolean | undefined>>,
) {
  const values = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  if (Object.keys(values).length > 0)
    await ctx.db.updateTable("users").set(values).where("id", "=", actor.id).execute();
  return getNotificationSettings(ctx, actor);
}
