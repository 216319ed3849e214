import type { AppContext } from "../server/context.js";

/** Every instance's policy book forgets what it read on this news (a policy or calendar was written). */
export const slaChangedChannel = "sla.changed";

export async function announceSlaChange(ctx: Pick<AppContext, "news">): Promise<void> {
  await ctx.news.publish(slaChangedChannel, "");
}
