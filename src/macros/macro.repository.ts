import { type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB, Insertable, MacrosTable, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";

/**
 * The one projection of a macro: its row, its creator's name, and what became of the team and user its actions
 * name (the JSON holds ids no foreign key reaches: a deleted team finds nothing, a deactivated user says so).
 * The ids are cast from JSON the API validated as UUIDs on every write.
 */
function selectMacros(db: Kysely<DB>) {
  return db
    .selectFrom("macros as m")
    .leftJoin("users as creator", "creator.id", "m.created_by")
    .leftJoin("teams as team", (join) =>
      join.on("team.id", "=", sql<string>`(m.actions ->> 'team_id')::uuid`),
    )
    .leftJoin("users as assignee", (join) =>
      join.on("assignee.id", "=", sql<string>`(m.actions -> 'assignee' ->> 'user_id')::uuid`),
    )
    .select([
      "m.id",
      "m.name",
      "m.description",
      "m.is_active",
      "m.actions",
      "m.created_by",
      "m.created_at",
      "m.updated_at",
      "creator.name as created_by_name",
      "team.id as team_found",
      "assignee.name as assignee_name",
      "assignee.is_active as assignee_active",
    ]);
}
export type MacroRow = Awaited<ReturnType<ReturnType<typeof selectMacros>["executeTakeFirstOrThrow"]>>;

export function findMacros(db: Kysely<DB>, filters: Page & { is_active?: boolean | undefined }) {
  let query = selectMacros(db);
  if (filters.is_active !== undefined) query = query.where("m.is_active", "=", filters.is_active);
  return query
    .orderBy((eb) => eb.fn("lower", ["m.name"]))
    .orderBy("m.id")
    .$call((q) => pageWindow(q, filters))
    .execute();
}

export async function countMacros(db: Kysely<DB>, filters: { is_active?: boolean | undefined }) {
  let query = db.selectFrom("macros").select(sql<number>`count(*)::int`.as("count"));
  if (filters.is_active !== undefined) query = query.where("is_active", "=", filters.is_active);
  return (await query.executeTakeFirstOrThrow()).count;
}

export function findMacroById(db: Kysely<DB>, id: string) {
  return selectMacros(db).where("m.id", "=", id).executeTakeFirst();
}

export async function insertMacro(db: Kysely<DB>, values: Insertable<MacrosTable>): Promise<void> {
  await db.insertInto("macros").values(values).execute();
}

/** False when there is no such macro. */
export async function updateMacroRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<MacrosTable>,
): Promise<boolean> {
  if (Object.keys(values).length === 0)
    return (await db.selectFrom("macros").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
  const result = await db.updateTable("macros").set(values).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteMacroRow(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("macros").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * What a macro's placeholders read about a ticket (macros/placeholders.ts), inside the transaction that
 * changes it, so {{ticket.status}} is the status the macro just set.
 */
export function findPlaceholderValues(db: Kysely<DB>, ticketId: string) {
  return db
    .selectFrom("tickets as t")
    .innerJoin("companies as co", "co.id", "t.company_id")
    .leftJoin("contacts as c", "c.id", "t.contact_id")
    .select([
      "t.ticket_number",
      "t.subject",
      "t.status",
      "t.priority",
      "co.name as company_name",
      "c.name as contact_name",
      "c.email as contact_email",
    ])
    .where("t.id", "=", ticketId)
    .executeTakeFirst();
}
