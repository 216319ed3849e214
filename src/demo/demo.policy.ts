import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

/** Only an admin fills a help desk with demo data. */
export function authorizeDemoData(actor: Actor): void {
  if (actor.role !== "admin") throw new ForbiddenError("Only an admin may load demo data");
}
