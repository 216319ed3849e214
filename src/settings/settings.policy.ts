import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

/**
 * Who may read and change the desk's settings. Any signed-in user reads them (the web app shows agents
 * when resolved tickets close by themselves); only admins change them.
 */
const abilities = {
  "settings.read": "staff",
  "settings.update": "admin",
} as const;

export type SettingsAbility = keyof typeof abilities;

export function canSettings(actor: Pick<Actor, "role">, ability: SettingsAbility): boolean {
  return abilities[ability] === "admin"
    ? actor.role === "admin"
    : actor.role === "admin" || actor.role === "agent";
}

export function authorizeSettings(actor: Actor, ability: SettingsAbility): void {
  if (canSettings(actor, ability)) return;
  throw new ForbiddenError("Only admins may change the settings");
}
