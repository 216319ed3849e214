import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { ValidationError } from "../shared/errors.js";
import { findTicketReferences, type ReferenceIds } from "./ticket-references.repository.js";
import type { Assignee, RoutedCategory } from "./ticket-rules.js";

export type CheckedReferences = {
  category: RoutedCategory | undefined;
  assignee: Assignee | undefined;
  /** The company of the named contact, for the "contact belongs to the ticket's company" rule. */
  contactCompanyId: string | undefined;
};

/**
 * Checks the related records a request names; a missing one is a 400 naming its field, never a
 * foreign-key error. Only active users can be given work: a deactivated user would never see it.
 */
export async function checkReferences(db: Kysely<DB>, ids: ReferenceIds): Promise<CheckedReferences> {
  const found = await findTicketReferences(db, ids);
  if (ids.companyId && !found.company_found) throw ValidationError.field("company_id", "no such company");
  if (ids.contactId && !found.contact_company_id)
    throw ValidationError.field("contact_id", "no such contact");
  if (ids.categoryKey && !found.category_key) {
    throw ValidationError.field("category", `no such category '${ids.categoryKey}'`);
  }
  if (ids.userId && !found.user_id) throw ValidationError.field("assigned_to", "no such user");
  if (ids.userId && !found.user_is_active) throw ValidationError.field("assigned_to", "is deactivated");
  if (ids.teamId && !found.team_found) throw ValidationError.field("assigned_team", "no such team");
  return {
    category: found.category_key
      ? { key: found.category_key, default_team_id: found.category_team_id ?? null }
      : undefined,
    assignee: found.user_id ? { id: found.user_id, team_id: found.user_team_id ?? null } : undefined,
    contactCompanyId: found.contact_company_id ?? undefined,
  };
}

/** The contact must belong to the ticket's company. */
export function checkContactCompany(contactCompanyId: string | undefined, companyId: string): void {
  if (contactCompanyId !== undefined && contactCompanyId !== companyId) {
    throw ValidationError.field("contact_id", "does not belong to the ticket's company");
  }
}

/** A reference removed between the look-up and the write hits a foreign key; report it like the look-up would. */
export function referenceGone(error: unknown): ValidationError | undefined {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "23503")
    return undefined;
  const constraint = String((error as { constraint?: unknown }).constraint ?? "");
  const field =
    ["company_id", "contact_id", "assigned_to", "assigned_team", "created_by", "category"].find((name) =>
      constraint.includes(name),
    ) ?? "ticket";
  return ValidationError.field(field, "refers to a record that no longer exists");
}
