import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.js";

const slaColumns = [
  "t.id",
  "t.status",
  "t.priority",
  "t.assigned_team",
  "t.assigned_to",
  "t.created_at",
  "t.first_response_at",
  "t.resolved_at",
  "t.first_response_due_at",
  "t.resolution_due_at",
  "t.sla_resolution_started_at",
  "t.sla_paused_at",
  "t.sla_paused_minutes",
  "t.sla_first_response_notice",
  "t.sla_resolution_notice",
  "t.due_date",
  "t.due_date_from_sla",
] as const;

/**
 * Tickets whose next SLA check is due, earliest first, locked for this transaction; a ticket another
 * instance's sweep holds is skipped (it is being handled), so each announcement is made once. Reads only the
 * partial index of tickets with a check to come.
 */
export function claimTicketsDueForSla(trx: Kysely<DB>, now: Date, limit: number) {
  return trx
    .selectFrom("tickets as t")
    .select(slaColumns)
    .where("t.sla_next_check_at", "<=", now)
    .orderBy("t.sla_next_check_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}
export type TicketDueForSla = Awaited<ReturnType<typeof claimTicketsDueForSla>>[number];

/** The same columns of one ticket, locked (a change that moves its SLA). */
export function lockTicketSla(trx: Kysely<DB>, id: string) {
  return trx
    .selectFrom("tickets as t")
    .select(slaColumns)
    .where("t.id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** Every SLA column of a ticket, as written back. */
export type SlaRow = {
  id: string;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_resolution_started_at: Date | null;
  sla_paused_at: Date | null;
  sla_paused_minutes: number;
  sla_first_response_notice: string | null;
  sla_resolution_notice: string | null;
  sla_next_check_at: Date | null;
  sla_next_due_at: Date | null;
  due_date: Date | null;
  due_date_from_sla: boolean;
};

/** Writes each ticket's SLA columns, all in one statement. */
export async function writeSlaRows(trx: Kysely<DB>, rows: readonly SlaRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update tickets t set
      first_response_due_at = p.first_response_due_at,
      resolution_due_at = p.resolution_due_at,
      sla_resolution_started_at = p.sla_resolution_started_at,
      sla_paused_at = p.sla_paused_at,
      sla_paused_minutes = p.sla_paused_minutes,
      sla_first_response_notice = p.sla_first_response_notice,
      sla_resolution_notice = p.sla_resolution_notice,
      sla_next_check_at = p.sla_next_check_at,
      sla_next_due_at = p.sla_next_due_at,
      due_date = p.due_date,
      due_date_from_sla = p.due_date_from_sla
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as p(id uuid, first_response_due_at timestamptz,
      resolution_due_at timestamptz, sla_resolution_started_at timestamptz, sla_paused_at timestamptz,
      sla_paused_minutes double precision, sla_first_response_notice text, sla_resolution_notice text,
      sla_next_check_at timestamptz, sla_next_due_at timestamptz, due_date timestamptz,
      due_date_from_sla boolean)
    where t.id = p.id`.execute(trx);
}

/**
 * Closes resolved tickets resolved before `before` (SPEC §7 auto-close), at most `limit`, skipping those
 * another instance is closing, and records each as the system's change in the history. The same
 * transition as transitionStatus's resolved → closed: closed_at stamped, resolved_at kept.
 */
export async function closeResolvedTickets(
  db: Kysely<DB>,
  before: Date,
  now: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with due as (
      select id from tickets
      where status = 'resolved' and resolved_at < ${before}
      order by resolved_at
      limit ${limit}
      for update skip locked
    ), closed as (
      update tickets t set status = 'closed', closed_at = ${now}, updated_at = ${now}
      from due where t.id = due.id
      returning t.id
    ), events as (
      insert into ticket_events (id, ticket_id, actor_id, type, field, old_value, new_value, created_at, updated_at)
      select gen_random_uuid(), id, null, 'field_changed', 'status', 'resolved', 'closed', ${now}, ${now}
      from closed
    )
    select id from closed`.execute(db);
  return rows.map((row) => row.id);
}

/** The desk's auto-close setting (null: never). */
export async function findAutoCloseDays(db: Kysely<DB>): Promise<number | null> {
  const row = await db.selectFrom("app_settings").select("auto_close_after_days").executeTakeFirst();
  return row?.auto_close_after_days ?? null;
}

/** Every active admin (escalation notices go to a team's, else to all of them: adminsOfTeam). */
export function findActiveAdminsForEscalation(db: Kysely<DB>) {
  return db
    .selectFrom("users")
    .select(["id", "name", "email", "team_id"])
    .where("role", "=", "admin")
    .where("is_active", "=", true)
    .execute();
}
export type EscalationAdmin = Awaited<ReturnType<typeof findActiveAdminsForEscalation>>[number];

/** Active admins of a team, or every active admin when the team has none: whom an escalation tells. */
export function adminsOfTeam(admins: readonly EscalationAdmin[], teamId: string | null): EscalationAdmin[] {
  const ofTeam = admins.filter((a) => teamId !== null && a.team_id === teamId);
  return ofTeam.length > 0 ? ofTeam : [...admins];
}
