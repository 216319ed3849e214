import type { SlaNotice, TicketStatus } from "../db/schema.js";
import { slaStates } from "../sla/ticket-sla.js";
import { isDone } from "./ticket-status.js";

/** Hours from `from` to `to`, rounded to 2 decimals; null while `to` has not happened. */
export function hoursBetween(from: Date, to: Date | null): number | null {
  if (!to) return null;
  return Math.round((to.getTime() - from.getTime()) / 36_000) / 100;
}

/** Overdue: the due date has passed and the ticket is still being worked (not resolved/closed). */
export function isOverdue(ticket: { due_date: Date | null; status: TicketStatus }, now: Date): boolean {
  return ticket.due_date !== null && ticket.due_date.getTime() < now.getTime() && !isDone(ticket.status);
}

export type ComputedFields = {
  first_response_time_hours: number | null;
  resolution_time_hours: number | null;
  is_overdue: boolean;
};

/** SPEC §3.7: the computed fields every ticket representation carries. */
export function computedFields(
  ticket: {
    created_at: Date;
    first_response_at: Date | null;
    resolved_at: Date | null;
    due_date: Date | null;
    status: TicketStatus;
  },
  now: Date,
): ComputedFields {
  return {
    first_response_time_hours: hoursBetween(ticket.created_at, ticket.first_response_at),
    resolution_time_hours: hoursBetween(ticket.created_at, ticket.resolved_at),
    is_overdue: isOverdue(ticket, now),
  };
}

/** The SLA states of SPEC §7 (sla/ticket-sla.ts's rules), from the columns every representation reads. */
export function slaStatesOf(
  row: {
    status: TicketStatus;
    first_response_at: Date | null;
    resolved_at: Date | null;
    first_response_due_at: Date | null;
    resolution_due_at: Date | null;
    sla_first_response_notice: SlaNotice | null;
    sla_resolution_notice: SlaNotice | null;
  },
  now: Date,
) {
  return slaStates(row, now);
}
