import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { newId } from "../shared/ids.js";

/** Directory rows for ticket tests, inserted directly so the tests do not depend on the directory API. */

let counter = 0;

export async function insertCompany(db: Kysely<DB>, name?: string) {
  counter += 1;
  return db
    .insertInto("companies")
    .values({ id: newId(), name: name ?? `Company ${counter}`, domain: null })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
}

export async function insertContact(
  db: Kysely<DB>,
  companyId: string,
  values: { name?: string; email?: string } = {},
) {
  counter += 1;
  return db
    .insertInto("contacts")
    .values({
      id: newId(),
      company_id: companyId,
      name: values.name ?? `Contact ${counter}`,
      email: values.email ?? `contact${counter}@customer.example`,
    })
    .returning(["id", "name", "email"])
    .executeTakeFirstOrThrow();
}

/** The id of one of the default teams (Tech, Finance, Music, Sales, Admin). */
export async function teamId(db: Kysely<DB>, name: string): Promise<string> {
  const team = await db.selectFrom("teams").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return team.id;
}
