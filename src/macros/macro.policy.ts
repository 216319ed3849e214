import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

/**
 * Who may do what with macros (SPEC §7). Every agent reads and applies them: they are the team's shared
 * answers. Writing one decides what every agent's click does to tickets and says to customers: admins only.
 * Applying one is also checked against the ticket's own policy, action by action (apply-macro.ts).
 */
const abilities = {
  "macro.read": "staff",
  "macro.apply": "staff",
  "macro.manage": "admin",
} as const;

export type MacroAbility = keyof typeof abilities;

export function canMacro(actor: Pick<Actor, "role">, ability: MacroAbility): boolean {
  return abilities[ability] === "admin"
    ? actor.role === "admin"
    : actor.role === "admin" || actor.role === "agent";
}

export function authorizeMacro(actor: Actor, ability: MacroAbility): void {
  if (canMacro(actor, ability)) return;
  throw new ForbiddenError(
    ability === "macro.manage" ? "Only admins may manage macros" : "You may not use macros",
  );
}
