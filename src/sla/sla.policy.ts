import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

/**
 * Who may do what with SLA policies and business calendars (SPEC §7). Every agent may read them: the due
 * times on their tickets are computed from them, and an agent asking "why is this due at 10:00 tomorrow?"
 * should find the answer. Only admins change them: targets and hours are commitments to customers.
 */
const abilities = {
  "sla.read": "staff",
  "sla.manage": "admin",
} as const;

export type SlaAbility = keyof typeof abilities;

export function canSla(actor: Pick<Actor, "role">, ability: SlaAbility): boolean {
  return abilities[ability] === "admin"
    ? actor.role === "admin"
    : actor.role === "admin" || actor.role === "agent";
}

export function authorizeSla(actor: Actor, ability: SlaAbility): void {
  if (canSla(actor, ability)) return;
  throw new ForbiddenError("Only admins may change SLA policies and business calendars");
}
