import { type Kysely, sql } from "kysely";
import { pageWindow } from "../db/page-window.js";
import type { DB, Insertable, SlaPoliciesTable, TicketPriority, Updateable } from "../db/schema.js";
import type { Page } from "../directory/directory.schema.js";

/** The one projection of a policy for the API: its team, calendar and escalation team by name. */
function selectPolicies(db: Kysely<DB>) {
  return db
    .selectFrom("sla_policies as p")
    .innerJoin("business_calendars as c", "c.id", "p.calendar_id")
    .leftJoin("teams as t", "t.id", "p.team_id")
    .leftJoin("teams as m", "m.id", "p.move_to_team_id")
    .select([
      "p.id",
      "p.priority",
      "p.team_id",
      "t.name as team_name",
      "p.first_response_minutes",
      "p.resolution_minutes",
      "p.calendar_id",
      "c.name as calendar_name",
      "p.notify_team_admins",
      "p.raise_priority",
      "p.move_to_team_id",
      "m.name as move_to_team_name",
      "p.created_at",
      "p.updated_at",
    ]);
}
export type SlaPolicyRow = Awaited<ReturnType<ReturnType<typeof selectPolicies>["executeTakeFirstOrThrow"]>>;

/** A team's policies, `none` for the team-less ones, or all. */
export type SlaPolicyFilter = { team_id?: string | undefined };

/** The team-less policies first, then by team name; within each, by severity (urgent first). */
export function findSlaPolicies(db: Kysely<DB>, filter: SlaPolicyFilter, page: Page) {
  let query = selectPolicies(db);
  if (filter.team_id === "none") query = query.where("p.team_id", "is", null);
  else if (filter.team_id) query = query.where("p.team_id", "=", filter.team_id);
  return query
    .orderBy(sql`p.team_id is not null`)
    .orderBy((eb) => eb.fn("lower", ["t.name"]))
    .orderBy("p.team_id")
    .orderBy("p.priority", "desc")
    .$call((q) => pageWindow(q, page))
    .execute();
}

export async function countSlaPolicies(db: Kysely<DB>, filter: SlaPolicyFilter): Promise<number> {
  let query = db.selectFrom("sla_policies").select(sql<number>`count(*)::int`.as("count"));
  if (filter.team_id === "none") query = query.where("team_id", "is", null);
  else if (filter.team_id) query = query.where("team_id", "=", filter.team_id);
  return (await query.executeTakeFirstOrThrow()).count;
}

export function findSlaPolicyById(db: Kysely<DB>, id: string) {
  return selectPolicies(db).where("p.id", "=", id).executeTakeFirst();
}

/** Whether (team, priority) already has a policy other than `exceptId`; a null team is the team-less one. */
export async function slaPolicyTaken(
  db: Kysely<DB>,
  key: { priority: TicketPriority; team_id: string | null },
  exceptId?: string,
): Promise<boolean> {
  let query = db
    .selectFrom("sla_policies")
    .select("id")
    .where("priority", "=", key.priority)
    .where("team_id", key.team_id === null ? "is" : "=", key.team_id);
  if (exceptId) query = query.where("id", "!=", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertSlaPolicy(db: Kysely<DB>, values: Insertable<SlaPoliciesTable>): Promise<void> {
  await db.insertInto("sla_policies").values(values).execute();
}

export async function updateSlaPolicyRow(
  db: Kysely<DB>,
  id: string,
  values: Updateable<SlaPoliciesTable>,
): Promise<void> {
  await db.updateTable("sla_policies").set(values).where("id", "=", id).execute();
}

export async function deleteSlaPolicyRow(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom("sla_policies").where("id", "=", id).execute();
}

/**
 * The policy a ticket of this priority and team follows, with its calendar: the team's own if it has one,
 * else the team-less one. One statement over sla_policies_team_priority_key (at most two rows match).
 */
export function findSlaPolicyFor(db: Kysely<DB>, priority: TicketPriority, teamId: string | null) {
  return policiesWithCalendars(db)
    .where("p.priority", "=", priority)
    .where((eb) =>
      teamId === null
        ? eb("p.team_id", "is", null)
        : eb.or([eb("p.team_id", "=", teamId), eb("p.team_id", "is", null)]),
    )
    .orderBy(sql`p.team_id is null`)
    .limit(1)
    .executeTakeFirst();
}

/** Every policy with its calendar: what each server's policy book holds (sla-policy-book.ts). */
export function findAllSlaPolicies(db: Kysely<DB>) {
  return policiesWithCalendars(db).execute();
}

/** A policy's targets and escalation with its calendar's zone, hours and holidays. */
function policiesWithCalendars(db: Kysely<DB>) {
  return db
    .selectFrom("sla_policies as p")
    .innerJoin("business_calendars as c", "c.id", "p.calendar_id")
    .select([
      "p.id",
      "p.priority",
      "p.team_id",
      "p.first_response_minutes",
      "p.resolution_minutes",
      "p.notify_team_admins",
      "p.raise_priority",
      "p.move_to_team_id",
      "p.calendar_id",
      "c.time_zone",
      "c.hours",
      "c.holidays",
    ]);
}
