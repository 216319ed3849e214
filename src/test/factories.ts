import type { Kysely } from "kysely";
import type { DB, Insertable, TicketsTable } from "../db/schema.js";
import { newId } from "../shared/ids.js";

let counter = 0;

/**
 * Rows inserted directly, so tests of one domain do not depend on another domain's API.
 */

/** A company inserted directly, for tests that need a ticket's owner and nothing else. */
export async function createTestCompany(
  db: Kysely<DB>,
  overrides: { name?: string; domain?: string | null } = {},
) {
  counter += 1;
  return db
    .insertInto("companies")
    .values({
      id: newId(),
      name: overrides.name ?? `Test Company ${counter}`,
      domain: overrides.domain ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A contact of a company, inserted directly. */
export async function createTestContact(
  db: Kysely<DB>,
  companyId: string,
  overrides: { name?: string; email?: string } = {},
) {
  counter += 1;
  return db
    .insertInto("contacts")
    .values({
      id: newId(),
      company_id: companyId,
      name: overrides.name ?? `Contact ${counter}`,
      email: overrides.email ?? `contact${counter}@customer.example`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The id of one of the default teams (Tech, Finance, Music, Sales, Admin). */
export async function findTeamId(db: Kysely<DB>, name: string): Promise<string> {
  const team = await db.selectFrom("teams").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return team.id;
}

/**
 * A ticket row inserted directly (no numbering, routing or events): for tests of the domains
 * that hang off a ticket. Numbers use a fixed past day so they never meet the real counter.
 */
export async function createTestTicket(db: Kysely<DB>, overrides: Partial<Insertable<TicketsTable>> = {}) {
  counter += 1;
  const company_id = overrides.company_id ?? (await createTestCompany(db)).id;
  return db
    .insertInto("tickets")
    .values({
      id: newId(),
      ticket_number: `T-20000101-${String(counter).padStart(4, "0")}`,
      subject: `Test ticket ${counter}`,
      description: "Something is broken",
      status: "new",
      priority: "medium",
      category: "general",
      tags: [],
      ...overrides,
      company_id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
