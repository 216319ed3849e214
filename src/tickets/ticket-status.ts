import type { TicketStatus, UserRole } from "../db/schema.js";
import { ForbiddenError } from "../shared/errors.js";

/** Statuses in which nobody needs to work the ticket any more. */
export const doneStatuses: readonly TicketStatus[] = ["resolved", "closed"];
export const openStatuses: readonly TicketStatus[] = ["new", "assigned", "in_progress", "pending"];

export const isDone = (status: TicketStatus): boolean => doneStatuses.includes(status);

export type StatusState = {
  status: TicketStatus;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopened_count: number;
};

/**
 * SPEC §3.2. Entering resolved stamps resolved_at; entering closed stamps closed_at (and resolved_at if
 * empty); going from resolved/closed back to an active status is a reopen: both stamps are cleared and
 * reopened_count goes up. Only admins reopen a closed ticket. The same status is a no-op.
 */
export function transitionStatus(
  current: StatusState,
  to: TicketStatus,
  actor: { role: UserRole },
  now: Date,
): StatusState {
  if (to === current.status) return current;
  if (to === "resolved") {
    // Closed → resolved keeps the original resolution time; only a fresh resolution stamps it.
    const resolved_at = current.status === "closed" ? (current.resolved_at ?? now) : now;
    return { ...current, status: to, resolved_at, closed_at: null };
  }
  if (to === "closed") {
    return { ...current, status: to, closed_at: now, resolved_at: current.resolved_at ?? now };
  }
  if (isDone(current.status)) {
    if (current.status === "closed" && actor.role !== "admin") {
      throw new ForbiddenError("Only admins may reopen a closed ticket");
    }
    return {
      status: to,
      resolved_at: null,
      closed_at: null,
      reopened_count: current.reopened_count + 1,
    };
  }
  return { ...current, status: to };
}
