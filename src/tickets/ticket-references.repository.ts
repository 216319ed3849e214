import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.js";
import { StatementTemplate } from "../db/statement-template.js";

export type ReferenceIds = {
  companyId?: string | undefined;
  contactId?: string | undefined;
  categoryKey?: string | undefined;
  userId?: string | undefined;
  teamId?: string | undefined;
};

type Id = string | null;

/** Built and compiled once (statement-template.ts): every ticket creation and change runs it. */
const references = new StatementTemplate(
  (db, companyId: Id, contactId: Id, categoryKey: Id, userId: Id, teamId: Id) => {
    // `= null` never matches, so a missing id costs an index probe that finds nothing.
    const id = (value: Id) => sql<string>`${value}::uuid`;
    const key = sql<string>`${categoryKey}::text`;
    return db.selectNoFrom((eb) => [
      eb.exists(eb.selectFrom("companies").select("id").where("id", "=", id(companyId))).as("company_found"),
      eb.selectFrom("contacts").select("company_id").where("id", "=", id(contactId)).as("contact_company_id"),
      eb.selectFrom("categories").select("key").where("key", "=", key).as("category_key"),
      eb.selectFrom("categories").select("default_team_id").where("key", "=", key).as("category_team_id"),
      eb.selectFrom("users").select("id").where("id", "=", id(userId)).as("user_id"),
      eb.selectFrom("users").select("team_id").where("id", "=", id(userId)).as("user_team_id"),
      eb.selectFrom("users").select("is_active").where("id", "=", id(userId)).as("user_is_active"),
      eb.exists(eb.selectFrom("teams").select("id").where("id", "=", id(teamId))).as("team_found"),
    ]);
  },
);

/**
 * Everything a ticket request points at, looked up in ONE query (one pool round trip per request
 * instead of five); an absent id simply finds nothing. The rules about these live in ticket-references.ts.
 */
export async function findTicketReferences(db: Kysely<DB>, ids: ReferenceIds) {
  const row = await references.executeTakeFirst(
    db,
    ids.companyId ?? null,
    ids.contactId ?? null,
    ids.categoryKey ?? null,
    ids.userId ?? null,
    ids.teamId ?? null,
  );
  if (!row) throw new Error("the references query returns one row");
  return row;
}
