import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.js";

export type ReferenceIds = {
  companyId?: string | undefined;
  contactId?: string | undefined;
  categoryKey?: string | undefined;
  userId?: string | undefined;
  teamId?: string | undefined;
};

/**
 * Everything a ticket request points at, looked up in ONE query (one pool round trip per request
 * instead of five); an absent id simply finds nothing. The rules about these live in ticket-references.ts.
 */
export async function findTicketReferences(db: Kysely<DB>, ids: ReferenceIds) {
  // `= null` never matches, so a missing id costs an index probe that finds nothing.
  const id = (value: string | undefined) => sql<string>`${value ?? null}::uuid`;
  const key = sql<string>`${ids.categoryKey ?? null}::text`;
  return db
    .selectNoFrom((eb) => [
      eb
        .exists(eb.selectFrom("companies").select("id").where("id", "=", id(ids.companyId)))
        .as("company_found"),
      eb
        .selectFrom("contacts")
        .select("company_id")
        .where("id", "=", id(ids.contactId))
        .as("contact_company_id"),
      eb.selectFrom("categories").select("key").where("key", "=", key).as("category_key"),
      eb.selectFrom("categories").select("default_team_id").where("key", "=", key).as("category_team_id"),
      eb.selectFrom("users").select("id").where("id", "=", id(ids.userId)).as("user_id"),
      eb.selectFrom("users").select("team_id").where("id", "=", id(ids.userId)).as("user_team_id"),
      eb.selectFrom("users").select("is_active").where("id", "=", id(ids.userId)).as("user_is_active"),
      eb.exists(eb.selectFrom("teams").select("id").where("id", "=", id(ids.teamId))).as("team_found"),
    ])
    .executeTakeFirstOrThrow();
}
