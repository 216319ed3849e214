import type { Actor } from "../server/context.js";
import { ConflictError } from "../shared/errors.js";
import type { UserChanges } from "./user.schema.js";

/**
 * An admin cannot deactivate or demote themselves. Only admins change users and the caller is
 * always an active admin, so this alone guarantees Ticketdesk never loses its last admin.
 */
export function checkOwnAccountChange(actor: Actor, targetId: string, changes: UserChanges): void {
  if (actor.id !== targetId) return;
  if (changes.is_active === false) {
    throw new ConflictError("You cannot deactivate your own account; ask another admin", [
      { field: "is_active", message: "cannot deactivate yourself" },
    ]);
  }
  if (changes.role !== undefined && changes.role !== actor.role) {
    throw new ConflictError("You cannot remove your own admin role; ask another admin", [
      { field: "role", message: "cannot demote yourself" },
    ]);
  }
}
