import type { ApiApp } from "../server/app.js";
import { categoryRoutes } from "./category.routes.js";
import { companyRoutes } from "./company.routes.js";
import { contactRoutes } from "./contact.routes.js";
import { teamRoutes } from "./team.routes.js";
import { userRoutes } from "./user.routes.js";

/** The directory: who works here (users, teams), how work is routed (categories), and customers. */
export async function directoryRoutes(app: ApiApp): Promise<void> {
  await app.register(teamRoutes);
  await app.register(categoryRoutes);
  await app.register(companyRoutes);
  await app.register(contactRoutes);
  await app.register(userRoutes);
}
