import { type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { BusinessCalendarsTable, DB, Insertable, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";

const calendarColumns = [
  "c.id",
  "c.name",
  "c.time_zone",
  "c.hours",
  "c.holidays",
  "c.is_default",
  "c.created_at",
  "c.updated_at",
] as const;

function selectCalendars(db: Kysely<DB>) {
  return db.selectFrom("business_calendars as c").select(calendarColumns);
}
export type CalendarRow = Awaited<ReturnType<ReturnType<typeof selectCalendars>["executeTakeFirstOrThrow"]>>;

/** The default calendar first, then by name. */
export function findCalendars(db: Kysely<DB>, page: Page) {
  return selectCalendars(db)
    .orderBy("c.is_default", "desc")
    .orderBy((eb) => eb.fn("lower", ["c.name"]))
    .orderBy("c.id")
    .$call((q) => pageWindow(q, page))
    .execute();
}

export async function countCalendars(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("business_calendars")
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}

export function findCalendarById(db: Kysely<DB>, id: string) {
  return selectCalendars(db).where("c.id", "=", id).executeTakeFirst();
}

export async function calendarExists(db: Kysely<DB>, id: string): Promise<boolean> {
  const row = await db.selectFrom("business_calendars").select("id").where("id", "=", id).executeTakeFirst();
  return row !== undefined;
}

export async function findDefaultCalendarId(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db
    .selectFrom("business_calendars")
    .select("id")
    .where("is_default", "=", true)
    .executeTakeFirst();
  return row?.id;
}

export async function calendarNameTaken(db: Kysely<DB>, name: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom("business_calendars")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertCalendar(
  db: Kysely<DB>,
  values: Insertable<BusinessCalendarsTable>,
): Promise<void> {
  await db.insertInto("business_calendars").values(values).execute();
}

export async function updateCalendarRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<BusinessCalendarsTable>,
): Promise<void> {
  await db.updateTable("business_calendars").set(values).where("id", "=", id).execute();
}

/**
 * Locks the calendar until the transaction ends: a policy that starts using it meanwhile waits (its
 * foreign-key check needs a share lock), so the checks before a delete cannot go stale.
 */
export function lockCalendar(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("business_calendars")
    .select(["id", "is_default"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** The policies counting time in a calendar, for the message that refuses its deletion. */
export function findPoliciesUsingCalendar(db: Kysely<DB>, id: string) {
  return db
    .selectFrom("sla_policies as p")
    .leftJoin("teams", "teams.id", "p.team_id")
    .select(["p.priority", "teams.name as team_name"])
    .where("p.calendar_id", "=", id)
    .orderBy("teams.name", (ob) => ob.nullsFirst())
    .orderBy("p.priority", "desc")
    .execute();
}

export async function deleteCalendarRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("business_calendars").where("id", "=", id).execute();
}
