import { attachmentRoutes } from "../attachments/attachment.routes.js";
import { authRoutes } from "../auth/auth.routes.js";
import { commentRoutes } from "../comments/comment.routes.js";
import { demoRoutes } from "../demo/demo.routes.js";
import { directoryRoutes } from "../directory/directory.routes.js";
import { emailRoutes } from "../email/email.routes.js";
import { macroRoutes } from "../macros/macro.routes.js";
import { settingsRoutes } from "../settings/settings.routes.js";
import { slaRoutes } from "../sla/sla.routes.js";
import { ticketRoutes } from "../tickets/ticket.routes.js";
import type { ApiApp } from "./app.js";

/** Every domain's routes under /api/v1. Each domain folder owns its routes file. */
export async function apiRoutes(api: ApiApp): Promise<void> {
  await api.register(authRoutes);
  await api.register(ticketRoutes);
  await api.register(directoryRoutes);
  await api.register(commentRoutes);
  await api.register(attachmentRoutes);
  await api.register(demoRoutes);
  await api.register(emailRoutes);
  await api.register(slaRoutes);
  await api.register(settingsRoutes);
  await api.register(macroRoutes);
}
