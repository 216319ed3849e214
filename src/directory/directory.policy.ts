import type { Actor } from "../server/context.js";
import { ForbiddenError } from "../shared/errors.js";

/**
 * Who may do what in the directory (SPEC §1). Agents read everything and keep the customer
 * records (companies, contacts) up to date; only admins change who works here and how work
 * is routed (users, teams, categories). Handlers ask here; nothing else decides.
 */
type Rule = "anyone" | "staff" | "admin";

const abilities = {
  "directory.read": "staff",
  "team.create": "admin",
  "team.update": "admin",
  "team.delete": "admin",
  "category.create": "admin",
  "category.update": "admin",
  "category.delete": "admin",
  "user.create": "admin",
  "user.update": "admin",
  "user.reset_password": "admin",
  // Being available for auto-assignment is each user's own call (PATCH /users/me).
  "user.set_own_availability": "staff",
  "company.create": "staff",
  "company.update": "staff",
  "company.delete": "staff",
  "contact.create": "staff",
  "contact.update": "staff",
  "contact.delete": "staff",
} satisfies Record<string, Rule>;

const plurals: Record<string, string> = {
  team: "teams",
  category: "categories",
  user: "users",
  company: "companies",
  contact: "contacts",
  directory: "the directory",
};

export type DirectoryAbility = keyof typeof abilities;

function allows(rule: Rule, actor: Pick<Actor, "role">): boolean {
  if (rule === "admin") return actor.role === "admin";
  if (rule === "staff") return actor.role === "admin" || actor.role === "agent";
  return true;
}

export function can(actor: Pick<Actor, "role">, ability: DirectoryAbility): boolean {
  return allows(abilities[ability], actor);
}

/** Throws 403 unless the actor has the ability. */
export function authorize(actor: Actor, ability: DirectoryAbility): void {
  if (can(actor, ability)) return;
  const [entity = "", action = ""] = ability.split(".");
  const what =
    action === "reset_password" ? "reset other users' passwords" : `${action} ${plurals[entity] ?? entity}`;
  throw new ForbiddenError(
    abilities[ability] === "admin" ? `Only admins may ${what}` : `You may not ${what}`,
  );
}

/** What the signed-in user may administer, so the web app shows its admin screens from the policy, not a role check. */
export function administrationAbilities(actor: Pick<Actor, "role">) {
  return {
    manage_users: can(actor, "user.create"),
    manage_teams: can(actor, "team.create"),
    manage_categories: can(actor, "category.create"),
  };
}
