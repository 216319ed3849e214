import type { Kysely } from "kysely";
import type { DB, TicketPriority, TicketStatus } from "../db/schema.js";
import type { SlaPolicyBook } from "./sla-policy-book.js";
import { lockTicketSla, type SlaRow, type TicketDueForSla, writeSlaRows } from "./sla-sweep.repository.js";
import { newTicketSla, type SlaPatch, slaAfterChange, type TicketSla } from "./ticket-sla.js";

/**
 * Where tickets meet their SLA: at creation, and when a change moves the clock (status, priority, team, a
 * due date set or cleared by hand). The rules are ticket-sla.ts's; this reads the policy and writes.
 *
 * Tickets older than migration 0023 have no due times and keep none: their targets were never promised.
 */

export type NewTicketSlaColumns = {
  first_response_due_at: Date;
  resolution_due_at: Date;
  sla_paused_at: Date | null;
  sla_next_check_at: Date | null;
  sla_next_due_at: Date | null;
  due_date: Date | null;
  due_date_from_sla: boolean;
};

export async function slaForNewTicket(
  book: SlaPolicyBook,
  db: Kysely<DB>,
  t: {
    priority: TicketPriority;
    assigned_team: string | null;
    status: TicketStatus;
    created_at: Date;
    due_date: Date | null;
  },
): Promise<NewTicketSlaColumns> {
  const policy = await book.policyFor(db, t.priority, t.assigned_team);
  const sla = newTicketSla({ status: t.status, created_at: t.created_at, due_date: t.due_date }, policy);
  return {
    first_response_due_at: sla.first_response_due_at ?? t.created_at,
    resolution_due_at: sla.resolution_due_at ?? t.created_at,
    sla_paused_at: sla.sla_paused_at ?? null,
    sla_next_check_at: sla.sla_next_check_at ?? null,
    sla_next_due_at: sla.sla_next_due_at ?? null,
    due_date: sla.due_date ?? t.due_date,
    due_date_from_sla: !sla.due_date_manual,
  };
}

export function ticketSlaOf(row: TicketDueForSla): TicketSla {
  return { ...row, due_date_manual: !row.due_date_from_sla };
}

/** A ticket's SLA columns after a patch: what writeSlaRows writes. */
export function slaRowOf(
  before: TicketDueForSla,
  patch: SlaPatch,
  dueDateFromSla = before.due_date_from_sla,
): SlaRow {
  const merged = { ...before, ...patch };
  return {
    id: before.id,
    first_response_due_at: merged.first_response_due_at,
    resolution_due_at: merged.resolution_due_at,
    sla_resolution_started_at: merged.sla_resolution_started_at,
    sla_paused_at: merged.sla_paused_at,
    sla_paused_minutes: merged.sla_paused_minutes,
    sla_first_response_notice: merged.sla_first_response_notice,
    sla_resolution_notice: merged.sla_resolution_notice,
    sla_next_check_at: patch.sla_next_check_at ?? null,
    sla_next_due_at: patch.sla_next_due_at ?? null,
    due_date: dueDateFromSla ? merged.resolution_due_at : merged.due_date,
    due_date_from_sla: dueDateFromSla,
  };
}

/** The ticket's SLA columns as they are before a change, read under the change's row lock. */
export function readSlaBeforeChange(trx: Kysely<DB>, ticketId: string) {
  return lockTicketSla(trx, ticketId);
}

/**
 * After a change was written: the SLA of the ticket's new state (slaAfterChange), in one more statement.
 * `dueDateByHand`: the request set the due date (a date: it stays; null: it follows the SLA again).
 */
export async function moveSlaClock(
  trx: Kysely<DB>,
  book: SlaPolicyBook,
  before: TicketDueForSla,
  after: {
    status: TicketStatus;
    priority: TicketPriority;
    assigned_team: string | null;
    resolved_at: Date | null;
  },
  now: Date,
  dueDateByHand?: Date | null,
): Promise<void> {
  if (before.first_response_due_at === null) return;
  const policy = await book.policyFor(trx, after.priority, after.assigned_team);
  const fromSla = dueDateByHand === undefined ? before.due_date_from_sla : dueDateByHand === null;
  const patch: SlaPatch = slaAfterChange(
    ticketSlaOf(before),
    {
      status: after.status,
      first_response_at: before.first_response_at,
      resolved_at: after.resolved_at,
      due_date: dueDateByHand ?? before.due_date,
      due_date_manual: !fromSla,
    },
    policy,
    now,
  );
  const row = slaRowOf({ ...before, due_date: dueDateByHand ?? before.due_date }, patch, fromSla);
  await writeSlaRows(trx, [row]);
}
