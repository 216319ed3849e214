import type { ApiApp } from "../server/app.js";
import { businessCalendarRoutes } from "./business-calendar.routes.js";
import { slaPolicyRoutes } from "./sla-policy.routes.js";

/** SLA administration (SPEC §7): the calendars targets count in, and the targets. */
export async function slaRoutes(app: ApiApp): Promise<void> {
  await app.register(businessCalendarRoutes);
  await app.register(slaPolicyRoutes);
}
